package io.github.bonefracture.nets;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DenseNet's architecture written once: the blocks, the growth rate, the
 * stem, Keras' layer names and the order of every operation. The DL4J graph
 * builder ({@link DenseNet121}) and both oneDNN plans walk it through
 * {@link Ops}, so a name or a block size cannot differ between them.
 */
public final class DenseNetSpec {

	public static final String STEM_CONV = "conv1/conv";
	public static final String STEM_BN = "conv1/bn";
	public static final String FINAL_BN = "bn";
	/** The stem: 7x7/2 convolution after a zero padding of 3; then a 3x3/2 max pool after a padding of 1. */
	public static final int STEM_KERNEL = 7, STEM_STRIDE = 2, STEM_PAD = 3;
	/** The stem's max pool: 3x3/2 after a zero padding of 1. */
	public static final int STEM_POOL_KERNEL = 3, STEM_POOL_STRIDE = 2, STEM_POOL_PAD = 1;
	/** A transition's average pool: 2x2, stride 2, no padding. */
	public static final int TRANSITION_POOL = 2;
	/** A dense layer's bottleneck is this many times the growth rate wide. */
	public static final int BOTTLENECK = 4;

	final int[] blocks;
	final int growth;
	final int stemFilters;
	public final int inChannels;

	public DenseNetSpec(int[] blocks, int growth, int stemFilters, int inChannels) {
		this.blocks = blocks.clone();
		this.growth = growth;
		this.stemFilters = stemFilters;
		this.inChannels = inChannels;
	}

	/** The spec of a DL4J graph with these layer names (what a model file holds). */
	public static DenseNetSpec of(ComputationGraph g) {
		if (!has(g, STEM_CONV) || !has(g, DenseNet121.FEATURES))
			throw new IllegalArgumentException("not a DenseNet graph (no " + STEM_CONV + " or " + DenseNet121.FEATURES + " layer)");
		List<Integer> b = new ArrayList<>();
		for (int k = 0; has(g, denseLayer(k, 1) + "_0_bn"); k++) {
			int n = 0;
			while (has(g, denseLayer(k, n + 1) + "_0_bn")) n++;
			b.add(n);
		}
		long[] stem = g.getLayer(STEM_CONV).getParam("W").shape();
		int growth = (int) g.getLayer(denseLayer(0, 1) + "_2_conv").getParam("W").shape()[0];
		return new DenseNetSpec(b.stream().mapToInt(Integer::intValue).toArray(), growth, (int) stem[0], (int) stem[1]);
	}

	/** Keras' name of dense layer i (from 1) of block b (from 0): conv2_block1 ... conv5_block16. */
	static String denseLayer(int block, int i) {
		return "conv" + (block + 2) + "_block" + i;
	}

	/** Keras' name of the transition after block b (from 0): pool2 ... pool4. */
	static String transition(int block) {
		return "pool" + (block + 2);
	}

	/** Channels of the feature map: after each block's concatenations and each transition's halving. */
	public int featureChannels() {
		return channelsAfterBlock(blocks.length - 1);
	}

	/** Channels at the end of dense block b (from 0), before the transition after it halves them. */
	public int channelsAfterBlock(int b) {
		int c = stemFilters;
		for (int k = 0; k <= b; k++) {
			c += blocks[k] * growth;
			if (k < b) c /= 2;
		}
		return c;
	}

	/**
	 * oneDNN's channel block for activations: 16 with AVX-512, else 8; 1
	 * (plain NCHW) when a width is not a multiple of it, since slicing the
	 * channels of a blocked tensor needs whole blocks.
	 */
	public int channelBlock(int widest) {
		for (int b : new int[] {widest, 8}) {
			boolean ok = stemFilters % b == 0 && growth % b == 0;
			// Each block then ends on a whole number of blocks; what its transition halves must too.
			for (int k = 0; k < blocks.length && ok; k++)
				ok = (k < blocks.length - 1 ? channelsAfterBlock(k) / 2 : channelsAfterBlock(k)) % b == 0;
			if (ok) return b;
		}
		return 1;
	}

	/** DenseNet's operations as a builder or a plan makes them; A is its activation (a vertex name, a tensor). */
	public interface Ops<A> {
		/** A convolution with out channels, then its BatchNorm and a ReLU: the stem and each dense layer's bottleneck. */
		A convBnRelu(A x, String conv, String bn, int out, int kernel, int stride, int pad);

		A conv(A x, String conv, int out, int kernel, int stride, int pad);

		/** The pre-activation BatchNorm and ReLU. */
		A bnRelu(A x, String bn);

		/** The stem's 3x3/2 max pool after a zero padding of 1. */
		A maxPool(A x);

		/** A transition's 2x2/2 average pool. */
		A avgPool(A x);

		/** Channels of b after those of a. */
		A concat(A a, A b);

		/**
		 * A transition between dense blocks: BatchNorm and ReLU, a 1x1
		 * convolution to out channels, a 2x2/2 average pool, in Keras' order
		 * (what the model file's graph computes and a calibration measures).
		 */
		default A transition(A x, String bn, String conv, int out) {
			return avgPool(conv(bnRelu(x, bn), conv, out, 1, 1, 0));
		}

		/**
		 * The same transition with the pool before the convolution: a 1x1
		 * convolution mixes channels at each pixel and the average pool mixes
		 * pixels in each channel, both linearly, so they commute, and the
		 * convolution then runs on a quarter of the pixels (DenseNet121's
		 * transitions are a tenth of its operations). Sizes that do not halve
		 * drop the same last row and column either way.
		 */
		default A transitionPoolingFirst(A x, String bn, String conv, int out) {
			return conv(avgPool(bnRelu(x, bn)), conv, out, 1, 1, 0);
		}
	}

	/** The base from the input to the last ReLU, in Keras' order and names. */
	public <A> A walk(A input, Ops<A> ops) {
		A x = ops.maxPool(ops.convBnRelu(input, STEM_CONV, STEM_BN, stemFilters, STEM_KERNEL, STEM_STRIDE, STEM_PAD));
		int channels = stemFilters;
		for (int b = 0; b < blocks.length; b++) {
			for (int i = 1; i <= blocks[b]; i++) {
				String name = denseLayer(b, i);
				A a = ops.bnRelu(x, name + "_0_bn");
				a = ops.convBnRelu(a, name + "_1_conv", name + "_1_bn", BOTTLENECK * growth, 1, 1, 0);
				x = ops.concat(x, ops.conv(a, name + "_2_conv", growth, 3, 1, 1));
				channels += growth;
			}
			if (b < blocks.length - 1) {
				String name = transition(b);
				channels /= 2;
				x = ops.transition(x, name + "_bn", name + "_conv", channels);
			}
		}
		return ops.bnRelu(x, FINAL_BN);
	}

	/**
	 * Whether the BatchNorm+ReLU of this BatchNorm layer feeds a convolution:
	 * every one but the stem's (a max pool follows) and the last (the
	 * features). These outputs are non-negative, so int8 inference holds them
	 * as unsigned 8-bit integers with one calibrated range each.
	 */
	public static boolean feedsConvolution(String bnLayer) {
		return !bnLayer.equals(STEM_BN) && !bnLayer.equals(FINAL_BN);
	}

	/** The BatchNorm layers whose outputs {@link #feedsConvolution feed a convolution}, in order. */
	public List<String> quantizedOutputs() {
		return roles().quantized;
	}

	/**
	 * Each bottleneck convolution with the BatchNorm after it, whose ReLU
	 * output feeds a convolution: int8 folds the BatchNorm into it.
	 */
	public Map<String, String> bottlenecks() {
		return roles().bottlenecks;
	}

	/** The convolutions whose outputs are concatenated or pooled (dense layers' 3x3, transitions), in order. */
	public List<String> concatenatedConvolutions() {
		return roles().concatenated;
	}

	private Roles roles() {
		Roles r = new Roles();
		walk("input", r);
		return r;
	}

	/** The layers a walk visits, by their role in int8 inference. */
	private static final class Roles implements Ops<String> {
		final List<String> quantized = new ArrayList<>();
		final Map<String, String> bottlenecks = new LinkedHashMap<>();
		final List<String> concatenated = new ArrayList<>();

		@Override
		public String convBnRelu(String x, String conv, String bn, int out, int kernel, int stride, int pad) {
			if (feedsConvolution(bn)) bottlenecks.put(conv, bn);
			return bnRelu(x, bn);
		}

		@Override
		public String bnRelu(String x, String bn) {
			if (feedsConvolution(bn)) quantized.add(bn);
			return bn;
		}

		@Override
		public String conv(String x, String conv, int out, int kernel, int stride, int pad) {
			concatenated.add(conv);
			return conv;
		}

		@Override
		public String maxPool(String x) {
			return x;
		}

		@Override
		public String avgPool(String x) {
			return x;
		}

		@Override
		public String concat(String a, String b) {
			return a;
		}
	}

	/** The output size of a convolution or pooling window: floor((in + 2 pad - kernel) / stride) + 1. */
	public static int outSize(int in, int kernel, int stride, int pad) {
		return (in + 2 * pad - kernel) / stride + 1;
	}

	private static boolean has(org.deeplearning4j.nn.graph.ComputationGraph g, String vertex) {
		return g.getConfiguration().getVertices().containsKey(vertex);
	}
}
