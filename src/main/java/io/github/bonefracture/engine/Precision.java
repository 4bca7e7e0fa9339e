package io.github.bonefracture.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The arithmetic detection runs in. Float is the reference; auto takes the
 * fastest reduced precision this CPU has natively (bfloat16 with AVX-512
 * BF16 or AMX, else int8 with VNNI) when the model's stored accuracy check
 * passed for it, else float.
 */
public enum Precision {
	FLOAT("float"), AUTO("auto"), BFLOAT16("bfloat16"), INT8("int8");

	private final String id;

	Precision(String id) {
		this.id = id;
	}

	/** The name the option, the model file and every log line use. */
	public String id() {
		return id;
	}

	/** The option's choices, in the order the faces list them. */
	public static final List<String> CHOICES = Arrays.stream(values()).map(Precision::id).collect(Collectors.toUnmodifiableList());

	public static Precision of(String id) {
		String s = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
		for (Precision p : values()) if (p.id.equals(s)) return p;
		throw new IllegalArgumentException("no precision '" + id + "': " + String.join(", ", CHOICES));
	}

	@Override
	public String toString() {
		return id;
	}
}
