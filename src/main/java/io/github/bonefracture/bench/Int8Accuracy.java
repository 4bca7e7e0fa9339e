package io.github.bonefracture.bench;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Sample;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.ExternalEvaluation;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What int8 costs in accuracy on a labelled folder: the same model in float
 * and in int8 on every image, compared by P(fracture), AUC and labels.
 */
final class Int8Accuracy {
	private Int8Accuracy() {}

	private static List<Path> paths(ExternalEvaluation e) {
		return e.samples.stream().map(Sample::path).collect(Collectors.toList());
	}

	static void run(Path model, Path images, Backend backend, Progress progress) {
		try (Detector d = Detector.load(model, backend)) {
			Detector.Options f = new Detector.Options(), q = new Detector.Options().precision(io.github.bonefracture.engine.Precision.INT8);
			f.heatmap = false;
			q.heatmap = false;
			String why = d.precision(q).taken == io.github.bonefracture.engine.Precision.INT8 ? null : String.join("; ", d.precision(q).warnings);
			if (why != null) throw new InvalidInputException("Cannot compare: " + why);
			ExternalEvaluation ef = ExternalEvaluation.run(images, d, f, Progress.NONE), eq = ExternalEvaluation.run(images, d, q, Progress.NONE);
			if (!paths(ef).equals(paths(eq))) throw new IllegalStateException("the two passes read different images");
			double t = ef.atThreshold.threshold, largest = 0, sum = 0;
			int flips = 0;
			for (int i = 0; i < ef.probabilities.length; i++) {
				double pf = ef.probabilities[i], pq = eq.probabilities[i], dp = Math.abs(pq - pf);
				sum += dp;
				largest = Math.max(largest, dp);
				if ((pf >= t) != (pq >= t)) flips++;
			}
			int n = ef.probabilities.length;
			System.out.printf(Locale.ROOT, "int8 against float on %d images of %s with %s:%n", n, images, model);
			System.out.printf(Locale.ROOT, "  P(fracture): largest change %.4f, mean change %.4f%n", largest, n == 0 ? 0 : sum / n);
			System.out.printf(Locale.ROOT, "  AUC float %.4f, int8 %.4f (change %+.4f)%n", ef.auc.auc, eq.auc.auc, eq.auc.auc - ef.auc.auc);
			System.out.printf(Locale.ROOT, "  labels flipped at threshold %.3f: %d of %d; accuracy float %.4f, int8 %.4f%n",
				t, flips, n, ef.atThreshold.accuracy, eq.atThreshold.accuracy);
		}
	}
}
