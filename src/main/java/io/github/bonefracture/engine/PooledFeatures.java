package io.github.bonefracture.engine;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.backend.Inference;
import io.github.bonefracture.core.Progress;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.stream.IntStream;

/** Images' pooled features as detection computes them (the feature maps' means the head reads), batch by batch. */
final class PooledFeatures {
	private PooledFeatures() {}

	static double[][] of(ComputationGraph net, String featureLayer, String outputLayer, LoadedImages images, int batchSize, Backend backend,
		Progress progress)
	{
		double[][] out = new double[images.size()][];
		try (Inference inference = backend.inference(net, featureLayer, outputLayer, false)) {
			for (int from = 0; from < images.size(); from += batchSize) {
				progress.checkCanceled();
				int[] idx = IntStream.range(from, Math.min(images.size(), from + batchSize)).toArray();
				Batch x = images.batch(idx, null, null);
				Inference.Output o = inference.run(x.values, x.shape, true);
				double[][] p = FeatureMaps.pooled(o.features, o.featureShape);
				System.arraycopy(p, 0, out, from, p.length);
			}
		}
		return out;
	}
}
