package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * DenseNet's classifier as its base followed by its head at inference:
 * global average pooling, dropout (the identity) and one unit with a
 * sigmoid, computed here on the base's feature maps.
 */
final class HeadOnBase implements Inference {
	private final BaseFeatures base;
	private final ComputationGraph graph;
	private final String outputLayer;

	HeadOnBase(BaseFeatures base, ComputationGraph graph, String outputLayer) {
		this.base = base;
		this.graph = graph;
		this.outputLayer = outputLayer;
	}

	@Override
	public Output run(float[] nchw, long[] inShape, boolean withFeatures) {
		int n = (int) inShape[0], h = (int) inShape[2], w = (int) inShape[3];
		float[] weights;
		double bias;
		synchronized (graph) {
			weights = GraphParameter.read(graph, outputLayer, "W");
			bias = graph.getLayer(outputLayer).getParam("b").getDouble(0);
		}
		double[] p = new double[n];
		if (!withFeatures) {
			// Pooled in native memory: no copy of the feature maps.
			float[][] pooled = base.pooled(nchw, n, h, w);
			for (int k = 0; k < n; k++) p[k] = sigmoid(bias, weights, pooled[k]);
			return new Output(p, null, null);
		}
		int[] shape = new int[4];
		float[] f = base.features(nchw, n, h, w, shape);
		int ch = shape[1], per = shape[2] * shape[3];
		float[] row = new float[ch];
		for (int k = 0; k < n; k++) {
			for (int j = 0; j < ch; j++) {
				int off = (k * ch + j) * per;
				double sum = 0;
				for (int i = 0; i < per; i++) sum += f[off + i];
				row[j] = (float) (sum / per);
			}
			p[k] = sigmoid(bias, weights, row);
		}
		return new Output(p, f, shape);
	}

	/** The head at inference: dropout is the identity, so sigmoid(pooled . w + b). */
	private static double sigmoid(double bias, float[] weights, float[] pooled) {
		double logit = bias;
		for (int j = 0; j < weights.length; j++) logit += weights[j] * (double) pooled[j];
		return 1 / (1 + Math.exp(-logit));
	}

	@Override
	public void reload() {
		base.reload();
	}

	@Override
	public void close() {
		base.close();
	}
}
