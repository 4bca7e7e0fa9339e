package io.github.bonefracture.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled image. The group is the patient (MURA) or the file itself, so
 * that splits can keep one patient's images together.
 */
public final class Sample {
	private final Path path;
	private final Label label;
	private final String group;

	public Sample(Path path, Label label, String group) {
		this.path = Objects.requireNonNull(path);
		this.label = Objects.requireNonNull(label);
		this.group = group == null ? path.toString() : group;
	}

	public Path path() {
		return path;
	}

	public Label label() {
		return label;
	}

	public String group() {
		return group;
	}

	@Override
	public String toString() {
		return label.displayName() + ": " + path;
	}
}
