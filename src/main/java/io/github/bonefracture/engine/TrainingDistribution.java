package io.github.bonefracture.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where the training images lie in the network's own feature space, so that
 * an image unlike them (a photo, a page of text, a chest film, a rotated or
 * inverted x-ray) is flagged instead of answered with confidence. The
 * description: each class's mean of the pooled features the head reads, and
 * the within-class covariance shared by both classes, shrunk a hundredth
 * towards its average variance so that it inverts. An image's score is its
 * Mahalanobis distance to the nearer class mean, divided by the square root
 * of the feature count (about 1 for a typical training image); the cut-off is
 * a stated percentile of held-out training-data images' scores. The flag
 * never changes P(fracture). The inverse covariance (features x features
 * floats) travels in the model file's own entry, {@link #ENTRY}.
 */
public final class TrainingDistribution {

	public static final String METHOD = "Mahalanobis distance of the pooled features to the nearer class mean, shared shrunk covariance, / sqrt(features)";
	/** Share of the held-out images' scores the cut-off keeps inside. */
	public static final double PERCENTILE = 95;
	/** The covariance's shrinkage towards its average variance. */
	public static final double SHRINKAGE = 0.01;
	/** The model file's entry holding the inverse covariance, little-endian float32, row by row. */
	public static final String ENTRY = "training-data.bin";
	/** More features than any DenseNet here has (DenseNet121: 1024): a larger claim in a file is refused before memory is spent. */
	public static final int MAX_FEATURES = 4096;

	public String method = METHOD;
	public int features;
	/** [class index (Normal 0, Fracture 1)][feature]. */
	public double[][] classMeans;
	public double shrinkage = SHRINKAGE;
	public double cutoff;
	public double cutoffPercentile = PERCENTILE;
	public int trainingImages;
	public int heldOutImages;
	/** Which held-out images the cut-off comes from. */
	public String cutoffFrom;
	/** features x features, row by row: in {@link #ENTRY}, not in the JSON. */
	transient float[] precision;

	/** Fitted on the training images' pooled features (y their classes), the cut-off from the held-out images' scores. */
	static TrainingDistribution fit(double[][] train, int[] y, double[][] heldOut) {
		int d = train[0].length;
		TrainingDistribution t = new TrainingDistribution();
		t.features = d;
		t.classMeans = new double[2][d];
		int[] count = new int[2];
		for (int i = 0; i < train.length; i++) {
			count[y[i]]++;
			for (int j = 0; j < d; j++) t.classMeans[y[i]][j] += train[i][j];
		}
		for (int c = 0; c < 2; c++) for (int j = 0; j < d; j++) t.classMeans[c][j] /= Math.max(1, count[c]);
		// A class without training images would attract everything to a mean of zeros: both take the other's.
		for (int c = 0; c < 2; c++) if (count[c] == 0) t.classMeans[c] = t.classMeans[1 - c].clone();
		double[][] s = new double[d][d];
		for (int i = 0; i < train.length; i++) {
			double[] z = new double[d];
			for (int j = 0; j < d; j++) z[j] = train[i][j] - t.classMeans[y[i]][j];
			for (int a = 0; a < d; a++) for (int b = 0; b <= a; b++) s[a][b] += z[a] * z[b];
		}
		double trace = 0;
		for (int a = 0; a < d; a++) {
			for (int b = 0; b <= a; b++) s[a][b] /= Math.max(1, train.length - 2);
			trace += s[a][a] / d;
		}
		double level = trace > 0 ? trace : 1;
		for (int a = 0; a < d; a++) {
			for (int b = 0; b < a; b++) s[b][a] = s[a][b] = (1 - SHRINKAGE) * s[a][b];
			s[a][a] = (1 - SHRINKAGE) * s[a][a] + SHRINKAGE * level;
		}
		t.precision = inverse(s);
		t.trainingImages = train.length;
		double[] h = new double[heldOut.length];
		for (int i = 0; i < h.length; i++) h[i] = t.score(heldOut[i]);
		return t.cutOffAt(h);
	}

	/** The cut-off at the percentile of held-out images' scores (measured in this description, or in inner models' own); returns this. */
	TrainingDistribution cutOffAt(double[] heldOutScores) {
		double[] h = heldOutScores.clone();
		Arrays.sort(h);
		heldOutImages = h.length;
		cutoff = h.length == 0 ? Double.POSITIVE_INFINITY : percentile(h, PERCENTILE);
		return this;
	}

	/** The image's distance to the training data (0 at a class mean; about 1 is a typical training image's spread). */
	public double score(double[] pooled) {
		int d = features;
		double best = Double.POSITIVE_INFINITY;
		double[] z = new double[d];
		for (double[] m : classMeans) {
			for (int j = 0; j < d; j++) z[j] = pooled[j] - m[j];
			double q = 0;
			for (int a = 0; a < d; a++) {
				double row = 0;
				for (int b = 0; b < d; b++) row += precision[a * d + b] * z[b];
				q += z[a] * row;
			}
			best = Math.min(best, Math.sqrt(Math.max(0, q) / d));
		}
		return best;
	}

	/** Whether a score lies beyond the cut-off: the image is unlike the training data. */
	public boolean outside(double score) {
		return !(score <= cutoff);
	}

	/** The inverse covariance as a copy, row by row. */
	public float[] precision() {
		return precision.clone();
	}

	/** The entry's bytes. */
	byte[] entry() {
		ByteBuffer b = ByteBuffer.allocate(4 * precision.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(precision);
		return b.array();
	}

	/** The inverse covariance from the entry's bytes; the caller checked {@link #features} first. */
	void readEntry(byte[] bytes) {
		long want = 4L * features * features;
		if (bytes.length != want) throw new IllegalArgumentException(ENTRY + " holds " + bytes.length + " bytes, " + want + " expected for " + features + " features");
		precision = new float[features * features];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(precision);
	}

	/** What is wrong with a description read from a file for a network with this many pooled features; empty when it fits. */
	Optional<String> damage(int networkFeatures) {
		if (features < 1 || features > MAX_FEATURES) return Optional.of("it claims " + features + " features");
		if (features != networkFeatures) return Optional.of("it describes " + features + " features, the network has " + networkFeatures);
		if (classMeans == null || classMeans.length != 2) return Optional.of("it lacks its class means");
		for (double[] m : classMeans) {
			if (m == null || m.length != features) return Optional.of("a class mean has the wrong length");
			for (double x : m) if (!Double.isFinite(x)) return Optional.of("a class mean is not finite");
		}
		if (precision != null) {
			for (float x : precision) if (!Float.isFinite(x)) return Optional.of("its inverse covariance holds a value that is not finite");
			for (int j = 0; j < features; j++) if (!(precision[j * features + j] > 0)) return Optional.of("its inverse covariance is not positive on its diagonal");
		}
		if (!(cutoff > 0)) return Optional.of("its cut-off " + cutoff + " is not positive");
		return Optional.empty();
	}

	/** A symmetric positive definite matrix's inverse (Cholesky), row by row as floats. */
	static float[] inverse(double[][] s) {
		int d = s.length;
		double[][] l = new double[d][d];
		for (int i = 0; i < d; i++) for (int j = 0; j <= i; j++) {
			double sum = s[i][j];
			for (int k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
			l[i][j] = i == j ? Math.sqrt(Math.max(sum, 1e-300)) : sum / l[j][j];
		}
		// inverse(L) column by column, then inverse(S) = inverse(L)^T inverse(L).
		double[][] li = new double[d][d];
		for (int c = 0; c < d; c++) {
			for (int i = c; i < d; i++) {
				double sum = i == c ? 1 : 0;
				for (int k = c; k < i; k++) sum -= l[i][k] * li[k][c];
				li[i][c] = sum / l[i][i];
			}
		}
		float[] out = new float[d * d];
		for (int a = 0; a < d; a++) for (int b = 0; b <= a; b++) {
			double sum = 0;
			for (int k = a; k < d; k++) sum += li[k][a] * li[k][b];
			out[a * d + b] = out[b * d + a] = (float) sum;
		}
		return out;
	}

	/** Linear interpolation between order statistics (type 7), as the preprocessing's window. */
	static double percentile(double[] sorted, double p) {
		double pos = p / 100 * (sorted.length - 1);
		int i = (int) Math.floor(pos);
		if (i >= sorted.length - 1) return sorted[sorted.length - 1];
		return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
	}
}
