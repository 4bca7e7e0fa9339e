package io.github.bonefracture.engine;

import io.github.bonefracture.core.InvalidInputException;

import java.util.Locale;

/**
 * How a decision threshold is chosen on validation predictions (never on
 * test images): Youden's J (sensitivity + specificity - 1 largest), the
 * highest threshold that reaches a target sensitivity, or a fixed 0.5.
 */
public final class ThresholdRule {

	public enum Kind { YOUDEN, SENSITIVITY, FIXED }

	public final Kind kind;
	public final double targetSensitivity;

	public ThresholdRule(Kind kind, double targetSensitivity) {
		this.kind = kind;
		this.targetSensitivity = targetSensitivity;
	}

	public static Kind parse(String s) {
		try {
			return Kind.valueOf(s.trim().toUpperCase(Locale.ROOT));
		} catch (IllegalArgumentException e) {
			throw new InvalidInputException("Unknown threshold rule '" + s + "': use youden, sensitivity or fixed");
		}
	}

	/** The threshold on these (calibrated) validation predictions; 0.5 when they cannot say (no images, one class). */
	public double choose(double[] p, int[] y) {
		int pos = 0;
		for (int t : y) pos += t;
		if (kind == Kind.FIXED || p.length == 0 || pos == 0 || pos == y.length) return 0.5;
		if (kind == Kind.YOUDEN) return clamp(Metrics.youdenThreshold(p, y));
		// The highest threshold whose sensitivity reaches the target: the most specific one that does.
		double[] cands = p.clone();
		java.util.Arrays.sort(cands);
		double best = cands[0];
		for (double t : cands) if (Metrics.of(p, y, t).sensitivity >= targetSensitivity) best = t;
		return clamp(best);
	}

	/** A model's threshold must lie strictly between 0 and 1 (the model reader refuses others). */
	private static double clamp(double t) {
		return Math.min(1 - 1e-6, Math.max(1e-6, t));
	}

	@Override
	public String toString() {
		switch (kind) {
			case YOUDEN: return "Youden's J";
			case SENSITIVITY: return String.format(Locale.ROOT, "sensitivity %.2f", targetSensitivity);
			default: return "fixed 0.5";
		}
	}
}
