package io.github.bonefracture.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * How well probabilities are calibrated: the Brier score, the expected
 * calibration error over equal-width bins, and the reliability diagram's
 * points (mean predicted against observed frequency per bin).
 */
public final class Reliability {

	/** One bin of the diagram. */
	public static final class Bin {
		public final double low, high, meanPredicted, observed;
		public final int count;

		Bin(double low, double high, double meanPredicted, double observed, int count) {
			this.low = low;
			this.high = high;
			this.meanPredicted = meanPredicted;
			this.observed = observed;
			this.count = count;
		}
	}

	public final double brier;
	public final double expectedCalibrationError;
	public final List<Bin> bins;

	private Reliability(double brier, double ece, List<Bin> bins) {
		this.brier = brier;
		this.expectedCalibrationError = ece;
		this.bins = bins;
	}

	public static Reliability of(double[] p, int[] y, int binCount) {
		double brier = 0;
		for (int i = 0; i < p.length; i++) brier += (p[i] - y[i]) * (p[i] - y[i]);
		brier /= Math.max(1, p.length);
		double[] sumP = new double[binCount], sumY = new double[binCount];
		int[] n = new int[binCount];
		for (int i = 0; i < p.length; i++) {
			int b = Math.min(binCount - 1, (int) (p[i] * binCount));
			sumP[b] += p[i];
			sumY[b] += y[i];
			n[b]++;
		}
		List<Bin> bins = new ArrayList<>();
		double ece = 0;
		for (int b = 0; b < binCount; b++) {
			if (n[b] == 0) continue;
			double mp = sumP[b] / n[b], obs = sumY[b] / n[b];
			bins.add(new Bin(b / (double) binCount, (b + 1) / (double) binCount, mp, obs, n[b]));
			ece += n[b] / (double) p.length * Math.abs(mp - obs);
		}
		return new Reliability(brier, ece, bins);
	}
}
