package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import java.util.Optional;

import io.github.bonefracture.nets.BatchNormMode;

import io.github.bonefracture.nets.StepResult;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * DenseNet on oneDNN directly (inference, its frozen base, whole-network
 * training) and its head's training on pooled features in Java; any other
 * network (the baseline CNN, a head's inference) goes to the fallback, DL4J.
 */
public final class OneDnnBackend implements Backend {

	private final Backend fallback;

	private OneDnnBackend(Backend fallback) {
		this.fallback = fallback;
	}

	/** Why oneDNN cannot run on this machine (its library does not load, or a primitive it needs cannot be built); empty where it can. */
	public static Optional<String> unavailableReason() {
		return OneDnnDenseNet.unavailableReason();
	}

	/** oneDNN for DenseNets, fallback for every other network; ask {@link #unavailableReason} first. */
	public static Backend over(Backend fallback) {
		return new OneDnnBackend(fallback);
	}

	@Override
	public String name() {
		return "oneDNN";
	}

	@Override
	public String instructionSet() {
		return String.valueOf(org.bytedeco.dnnl.global.dnnl.get_effective_cpu_isa());
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
		if (HeadTraining.isHead(g)) return new HeadTraining(g, learningRate, seed);
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

	@Override
	public Optional<String> bf16Refusal(ComputationGraph g) {
		if (!OneDnnDenseNet.isDenseNet(g)) return Optional.of("this model has no bfloat16 path (only DenseNets do)");
		return OneDnnDenseNet.bf16Native() ? Optional.empty() : Optional.of("this CPU has no native bfloat16 (AVX-512 BF16 or AMX)");
	}

	/**
	 * int8 needs a DenseNet, a calibration that covers it (model files made
	 * by Train Model carry one) and a CPU with AVX2 or newer, where oneDNN's
	 * int8 kernels are compiled (without them it would use slow reference code).
	 */
	@Override
	public Optional<String> int8Refusal(ComputationGraph g, ActivationRanges ranges) {
		if (g != null && !OneDnnDenseNet.isDenseNet(g)) return Optional.of("this model is no DenseNet");
		if (ranges == null) return Optional.of("this model file has no int8 calibration (models trained before int8 existed, or by the DL4J backend; train it again)");
		Optional<String> problem = g == null ? Optional.empty() : OneDnnDenseNet.int8Problem(g, ranges);
		if (problem.isPresent()) return Optional.of("this model's int8 calibration does not fit its network (" + problem.get() + ")");
		if (!OneDnnDenseNet.int8Native()) return Optional.of("this CPU has no AVX2, which oneDNN's int8 convolutions need");
		return Optional.empty();
	}

	@Override
	public boolean int8DotProducts() {
		return OneDnnDenseNet.int8DotProducts();
	}

	@Override
	public Backend int8(ActivationRanges ranges) {
		return new Int8Backend(this, ranges);
	}

	@Override
	public Optional<ActivationRanges> int8Ranges(ComputationGraph g, Iterable<float[]> batches, int h, int w) {
		return OneDnnDenseNet.isDenseNet(g) ? Optional.of(OneDnnDenseNet.measureRanges(g, batches, h, w)) : Optional.empty();
	}
}
