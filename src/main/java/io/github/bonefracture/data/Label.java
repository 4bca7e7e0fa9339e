package io.github.bonefracture.data;

import java.util.Optional;
import java.util.Locale;

/**
 * The two classes. The network's single output is P(fracture), so FRACTURE is
 * the positive class (target 1) whatever order the folders sort in.
 */
public enum Label {
	NORMAL("Normal", 0), FRACTURE("Fracture", 1);

	private final String displayName;
	private final int target;

	Label(String displayName, int target) {
		this.displayName = displayName;
		this.target = target;
	}

	public String displayName() {
		return displayName;
	}

	/** 1 for fracture, 0 for normal: the binary cross-entropy target. */
	public int target() {
		return target;
	}

	public static Label ofTarget(int target) {
		return target == 1 ? FRACTURE : NORMAL;
	}

	/** The class a folder name stands for, empty when it names neither. */
	public static Optional<Label> fromFolderName(String name) {
		switch (name.toLowerCase(Locale.ROOT)) {
			case "fracture": case "fractures": case "fractured": case "positive": case "abnormal":
				return Optional.of(FRACTURE);
			case "normal": case "negative":
				return Optional.of(NORMAL);
			default:
				return Optional.empty();
		}
	}
}
