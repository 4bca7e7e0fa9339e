package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Trains a whole DenseNet (base and head) on oneDNN directly: forward and
 * backward passes with activations in oneDNN's blocked layout from the stem
 * to the last ReLU, fused BatchNorm+ReLU with its own forward statistics and
 * backward, concatenation undone by slicing gradients instead of copying the
 * graph. The head (global average pooling, dropout, one sigmoid unit, binary
 * cross-entropy) and Adam run in Java on plain arrays. BatchNorm either
 * trains (batch statistics, moving averages updated, gamma and beta learned)
 * or stays frozen in inference mode with gradients passing through it, the
 * reference protocol's fine-tuning. Starts from a DL4J graph built by
 * {@link DenseNet121} and writes the result back into it with
 * {@link #copyInto}, so model files and the DL4J reference path are
 * unchanged. One step at a time.
 */
public final class OneDnnDenseNetTraining implements AutoCloseable {

	private final DenseNetSpec shape;
	private final BatchNormMode mode;
	private final double learningRate;
	private final DenseNetParameters params;
	private final JavaHead head;
	private final Map<String, TrainingPlan> plans = new HashMap<>();
	private int t;

	private OneDnnDenseNetTraining(ComputationGraph g, BatchNormMode mode, double learningRate, long seed) {
		this.shape = DenseNetSpec.of(g);
		this.mode = mode;
		this.learningRate = learningRate;
		this.params = new DenseNetParameters(g, DenseNet121.OUTPUT);
		this.head = new JavaHead(g, seed);
	}

	/** Training of g's parameters (copied in now) with a fresh Adam at the given learning rate. */
	public static OneDnnDenseNetTraining of(ComputationGraph g, BatchNormMode mode, double learningRate, long seed) {
		return new OneDnnDenseNetTraining(g, mode, learningRate, seed);
	}

	/**
	 * One Adam step on a batch: x in NCHW order, y the 0/1 targets, weights
	 * per image (null: all 1). The loss is the weighted mean cross-entropy.
	 */
	public synchronized StepResult fit(float[] x, int n, int h, int w, float[] y, float[] weights) {
		StepResult r = gradients(x, n, h, w, y, weights);
		params.step(AdamParam.stepSize(learningRate, ++t), mode == BatchNormMode.TRAIN);
		return r;
	}

	/** Forward and backward only: fills the gradients (of the mean loss) without changing a parameter. */
	synchronized StepResult gradients(float[] x, int n, int h, int w, float[] y, float[] weights) {
		if (x.length != (long) n * shape.inChannels * h * w)
			throw new IllegalArgumentException("input has " + x.length + " values, expected " + n + "x" + shape.inChannels + "x" + h + "x" + w);
		TrainingPlan p = plan(n, h, w);
		params.toNative();
		// A short batch in a bigger plan: the rest of the input is zeros, and its gradient below stays zero.
		p.input.put(p.n > n ? Arrays.copyOf(x, p.n * shape.inChannels * h * w) : x);
		p.run(p.refresh);
		p.run(p.forward);
		int c = p.featC, per = p.featH * p.featW;
		float[] feat = new float[n * c * per];
		p.features.get(feat);
		float[] dFeat = new float[p.n * c * per];
		float[] logits = new float[n];
		double loss = head.forwardBackward(feat, n, c, per, y, weights, params.headW, params.headB, logits, dFeat);
		p.dFeatures.put(dFeat);
		p.run(p.backward);
		params.fromNative(mode == BatchNormMode.TRAIN, p.bnCount);
		return new StepResult(loss / n, logits);
	}

	/**
	 * The plan for a batch: its own, or with BatchNorm frozen (images then
	 * independent) the smallest plan of the same image size that holds it, so
	 * an epoch's short last batch needs no second set of buffers.
	 */
	private TrainingPlan plan(int n, int h, int w) {
		TrainingPlan best = plans.get(n + "x" + h + "x" + w);
		if (best == null && mode == BatchNormMode.FROZEN) {
			for (TrainingPlan q : plans.values())
				if (q.h == h && q.w == w && q.n > n && (best == null || q.n < best.n)) best = q;
		}
		if (best == null) {
			if (plans.size() >= 3) closePlans();
			try {
				best = new TrainingPlan(params, shape, mode == BatchNormMode.TRAIN, n, h, w);
			} catch (RuntimeException e) {
				throw DnnPlan.failed("building DenseNet's training for " + n + " images of " + w + "x" + h, e);
			}
			plans.put(n + "x" + h + "x" + w, best);
		}
		return best;
	}

	/** The gradient last computed for a layer's parameter ("W", "gamma", "beta"; the output layer's "W", "b"). */
	float[] gradient(String layer, String key) {
		return params.gradient(layer, key);
	}

	/** Writes the trained parameters (and BatchNorm's moving statistics) into g, a graph of the same shape. */
	public synchronized void copyInto(ComputationGraph g) {
		params.copyInto(g);
	}

	private void closePlans() {
		for (TrainingPlan p : plans.values()) p.close();
		plans.clear();
	}

	@Override
	public synchronized void close() {
		closePlans();
		params.close();
	}
}
