package io.github.bonefracture.engine;

import java.util.Arrays;

/**
 * Where the training images lie in the network's own feature space, so that
 * an image unlike them (a photo, a page of text, a chest film, a rotated or
 * inverted x-ray) is flagged instead of answered with confidence. The
 * description: each class's mean of the pooled features the head reads, and
 * the within-class variance of each feature shared by both classes (shrunk a
 * tenth towards their mean, so that a feature that never varied in training
 * does not make every new image infinitely far). An image's score is its
 * distance to the nearer class mean, each feature in units of its standard
 * deviation, as a root mean square over the features; the cut-off is a stated
 * percentile of the scores of held-out images of the training data. The flag
 * never changes P(fracture).
 */
public final class TrainingDistribution {

	public static final String METHOD = "RMS standardised distance of the pooled features to the nearer class mean";
	/** Share of the held-out images' scores the cut-off keeps inside. */
	public static final double PERCENTILE = 99;

	public String method = METHOD;
	/** [class index (Normal 0, Fracture 1)][feature]. */
	public double[][] classMeans;
	public double[] variances;
	public double cutoff;
	public double cutoffPercentile = PERCENTILE;
	public int trainingImages;
	public int heldOutImages;

	/** Fitted on the training images' pooled features (y their classes), the cut-off from the held-out images' scores. */
	static TrainingDistribution fit(double[][] train, int[] y, double[][] heldOut) {
		int d = train[0].length;
		TrainingDistribution t = new TrainingDistribution();
		t.classMeans = new double[2][d];
		int[] count = new int[2];
		for (int i = 0; i < train.length; i++) {
			count[y[i]]++;
			for (int j = 0; j < d; j++) t.classMeans[y[i]][j] += train[i][j];
		}
		for (int c = 0; c < 2; c++) for (int j = 0; j < d; j++) t.classMeans[c][j] /= Math.max(1, count[c]);
		// A class without training images would attract everything to a mean of zeros: both take the other's.
		for (int c = 0; c < 2; c++) if (count[c] == 0) t.classMeans[c] = t.classMeans[1 - c].clone();
		double[] v = new double[d];
		for (int i = 0; i < train.length; i++) for (int j = 0; j < d; j++) v[j] += sq(train[i][j] - t.classMeans[y[i]][j]);
		double mean = 0;
		for (int j = 0; j < d; j++) {
			v[j] /= Math.max(1, train.length - 2);
			mean += v[j] / d;
		}
		double floor = mean > 0 ? mean * 1e-3 : 1e-12;
		for (int j = 0; j < d; j++) v[j] = Math.max(floor, 0.9 * v[j] + 0.1 * mean);
		t.variances = v;
		t.trainingImages = train.length;
		t.heldOutImages = heldOut.length;
		double[] s = new double[heldOut.length];
		for (int i = 0; i < s.length; i++) s[i] = t.score(heldOut[i]);
		Arrays.sort(s);
		t.cutoff = s.length == 0 ? Double.POSITIVE_INFINITY : percentile(s, PERCENTILE);
		return t;
	}

	/** The image's distance to the training data (0 at a class mean; about 1 is a typical training image's spread). */
	public double score(double[] pooled) {
		double best = Double.POSITIVE_INFINITY;
		for (double[] m : classMeans) {
			double sum = 0;
			for (int j = 0; j < m.length; j++) sum += sq(pooled[j] - m[j]) / variances[j];
			best = Math.min(best, Math.sqrt(sum / m.length));
		}
		return best;
	}

	/** Whether a score lies beyond the cut-off: the image is unlike the training data. */
	public boolean outside(double score) {
		return !(score <= cutoff);
	}

	/** What is wrong with a description read from a file for a network with this many pooled features, or null. */
	String damage(int features) {
		if (classMeans == null || classMeans.length != 2 || variances == null) return "it lacks its class means or variances";
		if (variances.length != features) return "it describes " + variances.length + " features, the network has " + features;
		for (double[] m : classMeans) {
			if (m == null || m.length != features) return "a class mean has the wrong length";
			for (double x : m) if (!Double.isFinite(x)) return "a class mean is not finite";
		}
		for (double x : variances) if (!(x > 0 && Double.isFinite(x))) return "a variance is not a positive number";
		if (!(cutoff > 0)) return "its cut-off " + cutoff + " is not positive";
		return null;
	}

	/** Linear interpolation between order statistics (type 7), as the preprocessing's window. */
	static double percentile(double[] sorted, double p) {
		double pos = p / 100 * (sorted.length - 1);
		int i = (int) Math.floor(pos);
		if (i >= sorted.length - 1) return sorted[sorted.length - 1];
		return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
	}

	private static double sq(double x) {
		return x * x;
	}
}
