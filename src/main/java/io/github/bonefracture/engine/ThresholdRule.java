package io.github.bonefracture.engine;

import io.github.bonefracture.core.InvalidInputException;

import java.util.Optional;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * How a decision threshold is chosen on held-out predictions (never on test
 * images): Youden's J (sensitivity + specificity - 1 largest), the highest
 * threshold that reaches a target sensitivity, or a fixed 0.5. The two
 * learned rules put the threshold midway between the two scores the best
 * cut falls between, so a new image as far from either class's nearest
 * held-out score is not decided by which side of that score it lands.
 */
public final class ThresholdRule {

	public enum Kind { YOUDEN, SENSITIVITY, FIXED }

	/** Below this many held-out images of either class a learned threshold is noise: the rule gives 0.5 and says why. */
	public static final int MIN_PER_CLASS = 10;
	/** Resamples of the bootstrap interval of a learned threshold. */
	public static final int BOOTSTRAP_REPLICATES = 1000;

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

	/** Why this rule cannot learn from these held-out targets (too few of a class); empty when it can. */
	public Optional<String> tooFew(int[] y) {
		if (kind == Kind.FIXED) return Optional.empty();
		int pos = 0;
		for (int t : y) pos += t;
		int neg = y.length - pos;
		if (pos >= MIN_PER_CLASS && neg >= MIN_PER_CLASS) return Optional.empty();
		return Optional.of(String.format(Locale.ROOT, "%s needs %d held-out images of each class; there were %d Fracture and %d Normal", this, MIN_PER_CLASS, pos, neg));
	}

	/** The threshold on these (calibrated) held-out predictions; 0.5 when they cannot say (the fixed rule, or too few of a class). */
	public double choose(double[] p, int[] y) {
		if (tooFew(y).isPresent()) return 0.5;
		return cut(p, y);
	}

	/**
	 * The 95% stratified-bootstrap interval of the threshold: held-out images
	 * resampled within their class, the rule applied to each resample.
	 * {0.5, 0.5} under the fixed rule or with too few images.
	 */
	public double[] interval(double[] p, int[] y, long seed) {
		if (tooFew(y).isPresent()) return new double[] {0.5, 0.5};
		int[] pos = java.util.stream.IntStream.range(0, y.length).filter(i -> y[i] == 1).toArray();
		int[] neg = java.util.stream.IntStream.range(0, y.length).filter(i -> y[i] == 0).toArray();
		Random rng = new Random(seed);
		double[] t = new double[BOOTSTRAP_REPLICATES], rp = new double[y.length];
		int[] ry = new int[y.length];
		for (int r = 0; r < t.length; r++) {
			int k = 0;
			for (int[] cls : new int[][] {pos, neg})
				for (int i = 0; i < cls.length; i++) {
					int pick = cls[rng.nextInt(cls.length)];
					rp[k] = p[pick];
					ry[k++] = y[pick];
				}
			t[r] = cut(rp, ry);
		}
		Arrays.sort(t);
		return new double[] {t[(int) Math.floor(0.025 * (t.length - 1))], t[(int) Math.ceil(0.975 * (t.length - 1))]};
	}

	/**
	 * The rule's cut on the sorted distinct scores: an image is called
	 * Fracture when its P is at or above the threshold. Cut j puts the j lowest
	 * distinct scores below it; its threshold is the midpoint of the scores on
	 * either side (0 and 1 beyond the ends).
	 */
	private double cut(double[] p, int[] y) {
		if (kind == Kind.FIXED) return 0.5;
		Integer[] order = new Integer[p.length];
		for (int i = 0; i < p.length; i++) order[i] = i;
		Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
		double[] s = new double[p.length];
		int[] negBelow = new int[p.length + 1], posBelow = new int[p.length + 1];
		int m = 0, i = 0;
		while (i < order.length) {
			double v = p[order[i]];
			int n0 = 0, n1 = 0;
			while (i < order.length && p[order[i]] == v) {
				if (y[order[i]] == 1) n1++;
				else n0++;
				i++;
			}
			s[m] = v;
			negBelow[m + 1] = negBelow[m] + n0;
			posBelow[m + 1] = posBelow[m] + n1;
			m++;
		}
		int pos = posBelow[m], neg = negBelow[m];
		int best = 0;
		if (kind == Kind.YOUDEN) {
			double bestJ = Double.NEGATIVE_INFINITY;
			for (int j = 0; j <= m; j++) {
				double jv = (pos - posBelow[j]) / (double) pos + negBelow[j] / (double) neg - 1;
				if (jv > bestJ + 1e-12) {
					bestJ = jv;
					best = j;
				}
			}
		} else {
			for (int j = 0; j <= m; j++) if ((pos - posBelow[j]) / (double) pos >= targetSensitivity) best = j;
		}
		double below = best == 0 ? 0 : s[best - 1], above = best == m ? 1 : s[best];
		return clamp((below + above) / 2);
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
