package io.github.bonefracture.backend;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

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
		int n = (int) inShape[0];
		int[] shape = new int[4];
		float[] f = base.features(nchw, n, (int) inShape[2], (int) inShape[3], shape);
		float[] weights;
		double bias;
		synchronized (graph) {
			INDArray wt = graph.getLayer(outputLayer).getParam("W");
			weights = wt.dup('c').data().asFloat();
			bias = graph.getLayer(outputLayer).getParam("b").getDouble(0);
		}
		int ch = shape[1], per = shape[2] * shape[3];
		double[] p = new double[n];
		for (int k = 0; k < n; k++) {
			double logit = bias;
			for (int j = 0; j < ch; j++) {
				int off = (k * ch + j) * per;
				double sum = 0;
				for (int i = 0; i < per; i++) sum += f[off + i];
				logit += weights[j] * (sum / per);
			}
			p[k] = 1 / (1 + Math.exp(-logit));
		}
		return withFeatures ? new Output(p, f, shape) : new Output(p, null, null);
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
