package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import io.github.bonefracture.nets.ActivationRanges;
import io.github.bonefracture.nets.BatchNormMode;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * DenseNet inference with 8-bit integer convolutions on oneDNN, in a
 * model's calibrated activation ranges; training and any other network go
 * to the float backend it wraps. Made by {@link OneDnnBackend#int8}.
 */
final class Int8Backend implements Backend {
	private final Backend floatBackend;
	private final ActivationRanges ranges;

	Int8Backend(Backend floatBackend, ActivationRanges ranges) {
		this.floatBackend = floatBackend;
		this.ranges = ranges;
	}

	@Override
	public String name() {
		return "oneDNN int8";
	}

	@Override
	public BaseFeatures base(ComputationGraph g, boolean bf16) {
		if (!OneDnnDenseNet.isDenseNet(g)) return floatBackend.base(g, bf16);
		return OneDnnBackend.features(OneDnnDenseNet.int8(g, ranges));
	}

	@Override
	public Inference inference(ComputationGraph g, String featureLayer, String outputLayer, boolean bf16) {
		if (!OneDnnDenseNet.isDenseNet(g)) return floatBackend.inference(g, featureLayer, outputLayer, bf16);
		return new HeadOnBase(base(g, false), g, outputLayer);
	}

	@Override
	public Training training(ComputationGraph g, BatchNormMode mode, double learningRate, long seed) {
		return floatBackend.training(g, mode, learningRate, seed);
	}

	@Override
	public boolean bf16Native(ComputationGraph g) {
		return false;
	}
}
