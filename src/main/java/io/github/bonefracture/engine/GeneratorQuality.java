package io.github.bonefracture.engine;

import io.github.bonefracture.backend.BaseFeatures;
import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.gan.FrechetDistance;
import io.github.bonefracture.gan.Generator;
import io.github.bonefracture.preprocess.FloatImage;
import io.github.bonefracture.preprocess.Preprocessing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How close a generator's images are to the real ones, per class, in a
 * DenseNet121's globally pooled feature space: the Frechet distance,
 * precision and recall of the generated distribution (Kynkaenniemi et al.,
 * 2019, k = 3) and a memorisation check (how many samples sit closer to a
 * training image than almost any two training images sit to each other).
 * Real images go through the generator's resolution too (down to its size,
 * then up to the network's), so the distance measures the generator, not
 * the resolution.
 */
public final class GeneratorQuality {
	static final int K = 3;

	private GeneratorQuality() {}

	/** perClass samples of each class against the real images; model must be a DenseNet121 model file. */
	public static Map<String, Object> measure(Generator g, List<FloatImage> real, List<Label> labels, ModelFile model, Backend backend, int perClass, long seed) {
		if (model.metadata.architecture != Architecture.DENSENET121)
			throw new InvalidInputException("The feature model for generator quality must be a DenseNet121 model, not a " + model.metadata.architecture.id());
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("featureSpace", "globally pooled DenseNet121 features of " + model.metadata.preprocessing.width() + " px input");
		out.put("samplesPerClass", perClass);
		try (BaseFeatures base = backend.base(model.network, false)) {
			for (Label l : Label.values()) {
				List<FloatImage> r = new ArrayList<>();
				for (int i = 0; i < real.size(); i++) if (labels.get(i) == l) r.add(real.get(i));
				if (r.size() < 2) continue;
				double[][] fr = features(base, model.metadata.preprocessing, r, g.size());
				double[][] fs = features(base, model.metadata.preprocessing, g.sample(l, perClass, seed), g.size());
				out.put(l.displayName(), classReport(fr, fs));
			}
		}
		return out;
	}

	static Map<String, Object> classReport(double[][] real, double[][] synthetic) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("realImages", real.length);
		m.put("frechetDistance", FrechetDistance.between(real, synthetic));
		double[] realRadius = kthNeighbour(real, real, K, true), synthRadius = kthNeighbour(synthetic, synthetic, K, true);
		m.put("precision", covered(synthetic, real, realRadius));
		m.put("recall", covered(real, synthetic, synthRadius));
		double[] realNearest = kthNeighbour(real, real, 1, true), sampleNearest = kthNeighbour(synthetic, real, 1, false);
		double[] sorted = realNearest.clone();
		Arrays.sort(sorted);
		double fifth = sorted[(int) Math.floor(0.05 * (sorted.length - 1))];
		long copies = Arrays.stream(sampleNearest).filter(d -> d < fifth).count();
		m.put("nearCopies", (double) copies / synthetic.length);
		m.put("nearCopiesNote", "fraction of samples closer to a training image than the closest 5% of training images are to their nearest other "
			+ "training image; about 0.05 for new images like the real ones, near 1 for copies");
		m.put("medianNearestRealDistanceRatio", median(sampleNearest) / median(realNearest));
		return m;
	}

	private static double[][] features(BaseFeatures base, Preprocessing pre, List<FloatImage> images, int generatorSize) {
		double[][] out = new double[images.size()][];
		int batch = 16, c = pre.channels(), h = pre.height(), w = pre.width();
		for (int from = 0; from < images.size(); from += batch) {
			int n = Math.min(batch, images.size() - from);
			float[] x = new float[n * c * h * w];
			for (int k = 0; k < n; k++) {
				FloatImage up = images.get(from + k).resized(generatorSize, generatorSize).resized(w, h);
				System.arraycopy(pre.normalise(up), 0, x, k * c * h * w, c * h * w);
			}
			float[][] pooled = PooledBase.pooled(base, new Batch(x, n, c, h, w));
			for (int k = 0; k < n; k++) {
				out[from + k] = new double[pooled[k].length];
				for (int j = 0; j < pooled[k].length; j++) out[from + k][j] = pooled[k][j];
			}
		}
		return out;
	}

	/** For each row of a, the distance to its k-th nearest row of b (skipping itself when a is b). */
	static double[] kthNeighbour(double[][] a, double[][] b, int k, boolean same) {
		double[] out = new double[a.length];
		for (int i = 0; i < a.length; i++) {
			double[] d = new double[b.length];
			for (int j = 0; j < b.length; j++) d[j] = same && i == j ? Double.POSITIVE_INFINITY : distance(a[i], b[j]);
			Arrays.sort(d);
			out[i] = d[Math.min(k, d.length) - 1];
		}
		return out;
	}

	/** Fraction of points within the k-NN radius of at least one reference point. */
	static double covered(double[][] points, double[][] reference, double[] radius) {
		int n = 0;
		for (double[] p : points) {
			for (int j = 0; j < reference.length; j++) {
				if (distance(p, reference[j]) <= radius[j]) {
					n++;
					break;
				}
			}
		}
		return (double) n / points.length;
	}

	private static double distance(double[] a, double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
		return Math.sqrt(s);
	}

	private static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}
}
