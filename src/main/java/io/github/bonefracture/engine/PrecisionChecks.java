package io.github.bonefracture.engine;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.core.Progress;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Measures, when a model is trained, how far each reduced precision that
 * runs here moves its answers from float on its calibration images (those
 * int8's ranges were measured on), so that precision auto can decide on any
 * machine later from the file alone.
 */
final class PrecisionChecks {
	private PrecisionChecks() {}

	/** The checks of the precisions that run here for this model, by id; empty when none does. */
	static Map<String, PrecisionCheck> measure(ModelFile model, LoadedImages images, int batchSize, Backend backend, Progress progress) {
		Map<String, PrecisionCheck> out = new LinkedHashMap<>();
		int n = Math.min(images.size(), Int8Calibration.MAX_IMAGES);
		if (n == 0) return out;
		try (Detector d = new Detector(model, backend)) {
			java.util.List<Precision> reduced = new java.util.ArrayList<>();
			for (Precision p : new Precision[] {Precision.BFLOAT16, Precision.INT8})
				if (d.precision(new Detector.Options().precision(p)).taken == p) reduced.add(p);
			if (reduced.isEmpty()) return out;
			double[] reference = new double[n];
			Map<Precision, double[]> answers = new LinkedHashMap<>();
			for (Precision p : reduced) answers.put(p, new double[n]);
			int step = Math.max(1, batchSize);
			for (int from = 0; from < n; from += step) {
				progress.checkCanceled();
				int[] idx = IntStream.range(from, Math.min(n, from + step)).toArray();
				float[] x = images.batch(idx, null, null).values;
				System.arraycopy(d.calibratedProbabilities(x, idx.length, Precision.FLOAT), 0, reference, from, idx.length);
				for (Precision p : reduced) System.arraycopy(d.calibratedProbabilities(x, idx.length, p), 0, answers.get(p), from, idx.length);
			}
			double threshold = model.metadata.threshold;
			for (Precision p : reduced) {
				PrecisionCheck c = new PrecisionCheck();
				c.images = n;
				c.instructionSet = backend.instructionSet();
				if (p == Precision.INT8) c.int8DotProducts = backend.int8DotProducts();
				double[] q = answers.get(p);
				for (int i = 0; i < n; i++) {
					c.largestChange = Math.max(c.largestChange, Math.abs(q[i] - reference[i]));
					if ((q[i] >= threshold) != (reference[i] >= threshold)) c.labelFlips++;
				}
				out.put(p.id(), c);
				progress.info("Accuracy check of " + p + ": " + c + (c.passed() ? "; precision auto may take it" : "; precision auto keeps float"));
			}
		}
		return out;
	}
}
