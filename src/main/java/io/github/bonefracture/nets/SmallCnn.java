package io.github.bonefracture.nets;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * A standard small CNN, the baseline that separates "a CNN that can see
 * edges" from "DenseNet": blocks of 3x3 convolution, BatchNorm, ReLU and
 * 2x2 max pooling (16, 32, 64, 64 filters), global average pooling,
 * dropout, one sigmoid output. Grey input at the DenseNet's size.
 */
public final class SmallCnn {

	public static final String INPUT = "input";
	public static final String OUTPUT = "predictions";
	/** Filters of the four blocks. */
	static final int[] FILTERS = {16, 32, 64, 64};

	private SmallCnn() {}

	public static ComputationGraph build(int size, double dropout, double batchNormMomentum, long seed) {
		if (size < 16) throw new IllegalArgumentException("the small CNN needs at least 16x16 input");
		ComputationGraphConfiguration.GraphBuilder g = GraphDefaults.start(seed, new Adam(1e-3), INPUT, size, size, 1);
		String x = INPUT;
		for (int i = 0; i < FILTERS.length; i++) {
			String b = "block" + (i + 1);
			g.addLayer(b + "_conv", new ConvolutionLayer.Builder(3, 3).nOut(FILTERS[i]).convolutionMode(ConvolutionMode.Same).hasBias(false).build(), x);
			g.addLayer(b + "_bn", DenseNet121.bn(batchNormMomentum), b + "_conv");
			g.addLayer(b + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), b + "_bn");
			g.addLayer(b + "_pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), b + "_relu");
			x = b + "_pool";
		}
		g.addLayer("avg_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
		g.addLayer("dropout", new DropoutLayer.Builder().dropOut(new Dropout(1 - dropout)).build(), "avg_pool");
		g.addLayer(OUTPUT, new OutputLayer.Builder(new LossBinaryXENT()).nOut(1).activation(Activation.SIGMOID).build(), "dropout");
		g.setOutputs(OUTPUT);
		ComputationGraph net = new ComputationGraph(g.build());
		net.init();
		return net;
	}
}
