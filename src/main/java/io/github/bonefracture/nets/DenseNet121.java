package io.github.bonefracture.nets;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * Keras' DenseNet121 as a DL4J graph, with Keras' layer names so that its
 * ImageNet weights map by name. Stem: symmetric ZeroPadding(3) + 7x7/2 valid
 * convolution (a stride-2 "same" convolution pads asymmetrically and would not
 * match), ZeroPadding(1) + 3x3/2 max pool; dense blocks of BN-ReLU-1x1 conv
 * (4 x growth)-BN-ReLU-3x3 conv (growth) concatenated onto their input;
 * transitions BN-ReLU-1x1 conv (half)-2x2/2 average pool; final BN-ReLU.
 * Head: global average pooling, dropout, one sigmoid output = P(fracture).
 * Global pooling followed by a single dense unit makes the class-activation
 * map exact.
 */
public final class DenseNet121 {

	public static final String INPUT = "input";
	/** Last layer of the ImageNet base: its output is the feature map the CAM uses. */
	public static final String FEATURES = "relu";
	public static final String POOL = "avg_pool";
	public static final String DROPOUT = "top_dropout";
	public static final String OUTPUT = "predictions";
	/** Keras' BatchNormalization epsilon in DenseNet. */
	public static final double BN_EPSILON = 1.001e-5;
	/** Parameters of the full-size base, without the head, as Keras counts them. */
	public static final long BASE_PARAMETERS = 7_037_504L;

	private final int height;
	private final int width;
	private final int channels;
	private final int[] blocks;
	private final int growthRate;
	private final int stemFilters;
	private final double dropout;
	private final double batchNormMomentum;
	private final long seed;
	private final IUpdater updater;

	private DenseNet121(Builder b) {
		this.height = b.height;
		this.width = b.width;
		this.channels = b.channels;
		this.blocks = b.blocks.clone();
		this.growthRate = b.growthRate;
		this.stemFilters = b.stemFilters;
		this.dropout = b.dropout;
		this.batchNormMomentum = b.batchNormMomentum;
		this.seed = b.seed;
		this.updater = b.updater;
	}

	public static Builder builder() {
		return new Builder();
	}

	public static final class Builder {
		private int height = 150;
		private int width = 150;
		private int channels = 3;
		private int[] blocks = {6, 12, 24, 16};
		private int growthRate = 32;
		private int stemFilters = 64;
		private double dropout = 0.2;
		private double batchNormMomentum = 0.99;
		private long seed = 42;
		private IUpdater updater = new Adam(1e-3);

		public Builder inputSize(int height, int width) {
			this.height = height;
			this.width = width;
			return this;
		}

		public Builder channels(int channels) {
			this.channels = channels;
			return this;
		}

		/** Layers per dense block; DenseNet121 is {6, 12, 24, 16}. */
		public Builder blocks(int... blocks) {
			this.blocks = blocks.clone();
			return this;
		}

		public Builder growthRate(int growthRate) {
			this.growthRate = growthRate;
			return this;
		}

		/** Filters of the stem convolution (Keras: 2 x growth rate = 64). */
		public Builder stemFilters(int stemFilters) {
			this.stemFilters = stemFilters;
			return this;
		}

		/** Fraction of features dropped before the output (Keras' meaning: 0.2 drops 20%). */
		public Builder dropout(double dropout) {
			this.dropout = dropout;
			return this;
		}

		/**
		 * Weight of the old value in BatchNorm's moving statistics (Keras: 0.99).
		 * Training from random weights for a few hundred steps needs less (0.9),
		 * or the statistics used at inference never catch up.
		 */
		public Builder batchNormMomentum(double batchNormMomentum) {
			this.batchNormMomentum = batchNormMomentum;
			return this;
		}

		public Builder seed(long seed) {
			this.seed = seed;
			return this;
		}

		public Builder updater(IUpdater updater) {
			this.updater = updater;
			return this;
		}

		public DenseNet121 build() {
			if (height < 32 || width < 32) throw new IllegalArgumentException("DenseNet needs at least 32x32 input, got " + height + "x" + width);
			if (blocks.length != 4) throw new IllegalArgumentException("DenseNet has 4 dense blocks, got " + blocks.length);
			if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
			return new DenseNet121(this);
		}
	}

	public ComputationGraph init() {
		ComputationGraph g = new ComputationGraph(conf());
		g.init();
		return g;
	}

	public ComputationGraphConfiguration conf() {
		return graphBuilder().build();
	}

	/** The whole graph; public so tests and tools can build or alter a variant of the same code. */
	public ComputationGraphConfiguration.GraphBuilder graphBuilder() {
		ComputationGraphConfiguration.GraphBuilder g = GraphDefaults.start(seed, updater, INPUT, height, width, channels);

		String features = spec().walk(INPUT, new Layers(g));
		if (!features.equals(FEATURES)) throw new IllegalStateException("the base ends in " + features + ", not " + FEATURES);
		g.addLayer(POOL, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), FEATURES);
		// DL4J's dropout argument is the probability of keeping a unit.
		g.addLayer(DROPOUT, new DropoutLayer.Builder().dropOut(new Dropout(1 - dropout)).build(), POOL);
		g.addLayer(OUTPUT, new OutputLayer.Builder(new LossBinaryXENT()).nOut(1).activation(Activation.SIGMOID).build(), DROPOUT);
		g.setOutputs(OUTPUT);
		return g;
	}

	/** This network's architecture, which the oneDNN plans walk too. */
	public DenseNetSpec spec() {
		return new DenseNetSpec(blocks, growthRate, stemFilters, channels);
	}

	/**
	 * The walk's operations as DL4J layers under Keras' names: a vertex name
	 * is the activation. Zero padding is a layer of its own before the stem's
	 * convolution and max pool (a stride-2 "same" convolution pads
	 * asymmetrically and would not match Keras); 3x3 convolutions are "same".
	 */
	private final class Layers implements DenseNetSpec.Ops<String> {
		private final ComputationGraphConfiguration.GraphBuilder g;

		Layers(ComputationGraphConfiguration.GraphBuilder g) {
			this.g = g;
		}

		@Override
		public String convBnRelu(String x, String conv, String bn, int out, int kernel, int stride, int pad) {
			return bnRelu(conv(x, conv, out, kernel, stride, pad), bn);
		}

		@Override
		public String conv(String x, String conv, int out, int kernel, int stride, int pad) {
			String in = x;
			ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(kernel, kernel).nOut(out).stride(stride, stride).hasBias(false);
			if (pad > 0 && stride == 1) {
				b.convolutionMode(ConvolutionMode.Same);
			} else if (pad > 0) {
				in = "zero_padding2d";
				g.addLayer(in, new ZeroPaddingLayer.Builder(pad, pad).build(), x);
			}
			g.addLayer(conv, b.build(), in);
			return conv;
		}

		@Override
		public String bnRelu(String x, String bn) {
			g.addLayer(bn, DenseNet121.bn(batchNormMomentum), x);
			String relu = bn.substring(0, bn.length() - "bn".length()) + "relu";
			g.addLayer(relu, new ActivationLayer.Builder().activation(Activation.RELU).build(), bn);
			return relu;
		}

		@Override
		public String maxPool(String x) {
			g.addLayer("zero_padding2d_1", new ZeroPaddingLayer.Builder(DenseNetSpec.STEM_POOL_PAD, DenseNetSpec.STEM_POOL_PAD).build(), x);
			g.addLayer("pool1", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(DenseNetSpec.STEM_POOL_KERNEL, DenseNetSpec.STEM_POOL_KERNEL)
				.stride(DenseNetSpec.STEM_POOL_STRIDE, DenseNetSpec.STEM_POOL_STRIDE).build(), "zero_padding2d_1");
			return "pool1";
		}

		@Override
		public String avgPool(String x) {
			String pool = x.substring(0, x.length() - "_conv".length()) + "_pool";
			g.addLayer(pool, new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(DenseNetSpec.TRANSITION_POOL, DenseNetSpec.TRANSITION_POOL)
				.stride(DenseNetSpec.TRANSITION_POOL, DenseNetSpec.TRANSITION_POOL).build(), x);
			return pool;
		}

		@Override
		public String concat(String a, String b) {
			String merge = b.substring(0, b.length() - "_2_conv".length()) + "_concat";
			g.addVertex(merge, new MergeVertex(), a, b);
			return merge;
		}
	}

	static BatchNormalization bn(double momentum) {
		// Variance stored as such (not DL4J's log10 std) so Keras' moving_variance maps 1:1.
		return new BatchNormalization.Builder().eps(BN_EPSILON).decay(momentum).useLogStd(false).build();
	}

	public int height() { return height; }
	public int width() { return width; }
	public int channels() { return channels; }
	public int[] blocks() { return blocks.clone(); }
	public int growthRate() { return growthRate; }
	public long seed() { return seed; }
}
