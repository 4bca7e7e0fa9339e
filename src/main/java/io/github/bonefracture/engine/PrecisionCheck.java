package io.github.bonefracture.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * How far one reduced precision moved the model's answers from float on its
 * calibration images, measured when the model was trained and stored in its
 * file: auto takes that precision only where the check passed.
 */
public final class PrecisionCheck {
	/** The largest change of P(fracture) auto accepts. */
	public static final double MAX_CHANGE = 0.01;

	/** Calibration images compared. */
	public int images;
	/** The largest |P(reduced) - P(float)| over them, calibrated P. */
	public double largestChange;
	/** Images labelled otherwise than in float at the model's threshold. */
	public int labelFlips;
	/** The instruction set the reduced precision ran with when measured. */
	public String instructionSet;
	/**
	 * int8: whether that CPU had 8-bit dot products (VNNI, AMX), which add in
	 * 32 bits; without them pairs of products add in 16 bits and can saturate,
	 * so a check from such a CPU does not cover one without. Absent in older files.
	 */
	public Boolean int8DotProducts;

	/** At least one image, P moved at most {@link #MAX_CHANGE}, no label flipped. */
	public boolean passed() {
		return failure().isEmpty();
	}

	/** Why the check refuses the precision, empty when it passed. */
	Optional<String> failure() {
		if (images <= 0) return Optional.of("it compared no images");
		if (labelFlips > 0) return Optional.of(labelFlips + " of " + images + " calibration images changed label");
		if (!(largestChange <= MAX_CHANGE)) return Optional.of(String.format(Locale.ROOT, "P(fracture) moved up to %.4f on its calibration images (at most %.2f accepted)", largestChange, MAX_CHANGE));
		return Optional.empty();
	}

	/** Why a stored check is unusable (a damaged file); empty when usable. */
	Optional<String> problem() {
		if (images < 0) return Optional.of("a negative image count");
		if (!(largestChange >= 0 && largestChange <= 1)) return Optional.of("a change of P outside 0 to 1");
		if (labelFlips < 0 || labelFlips > images) return Optional.of("a label-flip count outside 0 to its images");
		return Optional.empty();
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "on %d calibration images P(fracture) moved at most %.4f, %d label%s changed", images, largestChange, labelFlips, labelFlips == 1 ? "" : "s");
	}
}
