package io.github.bonefracture.backend;

import io.github.bonefracture.nets.BatchNormMode;
import io.github.bonefracture.nets.OneDnnDenseNet;
import io.github.bonefracture.nets.OneDnnDenseNetTraining;
import io.github.bonefracture.nets.StepResult;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * DenseNet on oneDNN directly (inference, its frozen base, whole-network
 * training); any other network (the baseline CNN, a head on pooled
 * features) goes to the fallback, DL4J.
 */
final class OneDnnBackend implements Backend {

	private final Backend fallback;

	OneDnnBackend(Backend fallback) {
		this.fallback = fallback;
	}

	@Override
	public String name() {
		return "oneDNN";
	}

	@Override
	public BaseFeatures base(ComputationGraph g, boolean bf16) {
		if (!OneDnnDenseNet.isDenseNet(g)) return fallback.base(g, bf16);
		return features(bf16 && OneDnnDenseNet.bf16Native() ? OneDnnDenseNet.bf16(g) : OneDnnDenseNet.of(g));
	}

	/** A oneDNN DenseNet base as the engine sees it. */
	static BaseFeatures features(OneDnnDenseNet d) {
		return new BaseFeatures() {
			@Override
			public int featureChannels() {
				return d.featureChannels();
			}

			@Override
			public float[] features(float[] nchw, int n, int h, int w, int[] shapeOut) {
				return d.features(nchw, n, h, w, shapeOut);
			}

			@Override
			public float[][] pooled(float[] nchw, int n, int h, int w) {
				return d.pooled(nchw, n, h, w);
			}

			@Override
			public void reload() {
				d.reload();
			}

			@Override
			public void close() {
				d.close();
			}
		};
	}

	@Override
	public Inference inference(ComputationGraph g, String featureLayer, String outputLayer, boolean bf16) {
		if (!OneDnnDenseNet.isDenseNet(g)) return fallback.inference(g, featureLayer, outputLayer, bf16);
		return new HeadOnBase(base(g, bf16), g, outputLayer);
	}

	@Override
	public Training training(ComputationGraph g, BatchNormMode mode, double learningRate, long seed) {
		if (!OneDnnDenseNet.isDenseNet(g)) return fallback.training(g, mode, learningRate, seed);
		OneDnnDenseNetTraining t = OneDnnDenseNetTraining.of(g, mode, learningRate, seed);
		return new Training() {
			@Override
			public StepResult fit(float[] x, long[] shape, float[] y, float[] weights) {
				return t.fit(x, (int) shape[0], (int) shape[2], (int) shape[3], y, weights);
			}

			@Override
			public void copyInto(ComputationGraph target) {
				t.copyInto(target);
			}

			@Override
			public void close() {
				t.close();
			}
		};
	}

	@Override
	public boolean bf16Native(ComputationGraph g) {
		return OneDnnDenseNet.isDenseNet(g) && OneDnnDenseNet.bf16Native();
	}
}
