package io.github.bonefracture.nets;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * The reference study's naive CNN: grey 200x75 (h x w) input,
 * Conv(16,1x1)-MaxPool-Conv(32,1x1)-MaxPool-Conv(64,1x1)-MaxPool-Dropout(0.2)
 * -Flatten-Dense(128, relu)-Dense(1). Kept as the baseline the transfer model
 * must beat.
 */
public final class BaselineCnn {

	public static final String INPUT = "input";
	public static final String OUTPUT = "predictions";

	private final int height;
	private final int width;
	private final int channels;
	private final int[] filters;
	private final int dense;
	private final double dropout;
	private final long seed;
	private final IUpdater updater;

	private BaselineCnn(Builder b) {
		height = b.height;
		width = b.width;
		channels = b.channels;
		filters = b.filters.clone();
		dense = b.dense;
		dropout = b.dropout;
		seed = b.seed;
		updater = b.updater;
	}

	public static Builder builder() {
		return new Builder();
	}

	public static final class Builder {
		private int height = 200;
		private int width = 75;
		private int channels = 1;
		private int[] filters = {16, 32, 64};
		private int dense = 128;
		private double dropout = 0.2;
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

		public Builder filters(int... filters) {
			this.filters = filters.clone();
			return this;
		}

		public Builder dense(int dense) {
			this.dense = dense;
			return this;
		}

		public Builder dropout(double dropout) {
			this.dropout = dropout;
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

		public BaselineCnn build() {
			if (height < 8 || width < 8) throw new IllegalArgumentException("baseline CNN needs at least 8x8 input");
			return new BaselineCnn(this);
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

	public ComputationGraphConfiguration.GraphBuilder graphBuilder() {
		ComputationGraphConfiguration.GraphBuilder g = GraphDefaults.start(seed, updater, INPUT, height, width, channels);
		String x = INPUT;
		for (int i = 0; i < filters.length; i++) {
			g.addLayer("conv" + (i + 1), new ConvolutionLayer.Builder(1, 1).nOut(filters[i]).activation(Activation.RELU).build(), x);
			g.addLayer("pool" + (i + 1), new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "conv" + (i + 1));
			x = "pool" + (i + 1);
		}
		g.addLayer("dropout", new DropoutLayer.Builder().dropOut(new Dropout(1 - dropout)).build(), x);
		g.addLayer("dense", new DenseLayer.Builder().nOut(dense).activation(Activation.RELU).build(), "dropout");
		g.addLayer(OUTPUT, new OutputLayer.Builder(new LossBinaryXENT()).nOut(1).activation(Activation.SIGMOID).build(), "dense");
		g.setOutputs(OUTPUT);
		return g;
	}
}
