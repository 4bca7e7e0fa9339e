package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.backend.Training;
import io.github.bonefracture.nets.DenseNet121;
import io.github.bonefracture.nets.SigmoidCrossEntropy;
import io.github.bonefracture.nets.StepResult;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;

/**
 * DenseNet's head alone on pooled base features (phase 1 with the base
 * frozen and its features reused): dropout, one sigmoid unit, binary
 * cross-entropy and Adam, computed as the whole-network training computes
 * its head ({@link JavaHead}, {@link AdamParam}). Through DL4J each of these
 * steps cost 1.7 ms of framework around a 1024-value dot product: 5 of the
 * reference protocol's 450 seconds.
 */
final class HeadTraining implements Training {
	private final JavaHead head;
	private final AdamParam weights, bias;
	private final double learningRate;
	private int t;

	HeadTraining(ComputationGraph g, double learningRate, long seed) {
		this.head = new JavaHead(g, seed);
		this.weights = new AdamParam(GraphParameter.read(g, DenseNet121.OUTPUT, "W"));
		this.bias = new AdamParam(GraphParameter.read(g, DenseNet121.OUTPUT, "b"));
		this.learningRate = learningRate;
	}

	/** Whether g is DenseNet's head by itself: pooled features in, its dropout, then its sigmoid unit and cross-entropy (what {@link JavaHead} computes). */
	static boolean isHead(ComputationGraph g) {
		ComputationGraphConfiguration conf = g.getConfiguration();
		if (g.getLayers().length != 2 || !conf.getNetworkOutputs().equals(List.of(DenseNet121.OUTPUT)) || !DnnPlan.has(g, DenseNet121.DROPOUT))
			return false;
		Layer dropout = g.getLayer(DenseNet121.DROPOUT).conf().getLayer(), output = g.getLayer(DenseNet121.OUTPUT).conf().getLayer();
		return dropout instanceof DropoutLayer && output instanceof OutputLayer && SigmoidCrossEntropy.of(output)
			&& conf.getNetworkInputs().size() == 1 && conf.getVertexInputs().get(DenseNet121.DROPOUT).equals(conf.getNetworkInputs())
			&& conf.getVertexInputs().get(DenseNet121.OUTPUT).equals(List.of(DenseNet121.DROPOUT));
	}

	@Override
	public StepResult fit(float[] x, long[] shape, float[] y, float[] w) {
		int n = (int) shape[0], c = (int) shape[1];
		if (shape.length != 2 || c != weights.value.length || x.length != n * c)
			throw new IllegalArgumentException("the head takes " + weights.value.length + " pooled features per image, not " + java.util.Arrays.toString(shape));
		float[] logits = new float[n];
		double loss = head.forwardBackward(x, n, c, 1, y, w, weights, bias, logits, new float[n * c]);
		double alpha = AdamParam.stepSize(learningRate, ++t);
		weights.step(alpha);
		bias.step(alpha);
		return new StepResult(loss / n, logits);
	}

	@Override
	public void copyInto(ComputationGraph g) {
		GraphParameter.write(g, DenseNet121.OUTPUT, "W", weights.value);
		GraphParameter.write(g, DenseNet121.OUTPUT, "b", bias.value);
	}

	@Override
	public void close() {
		// Plain arrays only.
	}
}
