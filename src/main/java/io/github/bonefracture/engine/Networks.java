package io.github.bonefracture.engine;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import io.github.bonefracture.nets.FrozenBatchNorm;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Map;

/**
 * Training-phase variants of one network: the same parameters under a
 * configuration with a fresh Adam, some layers frozen. Phase graphs copy the
 * parameters in and the caller copies them back, so the network itself
 * never changes its configuration.
 */
public final class Networks {

	private Networks() {}

	/**
	 * @param freezeBatchNorm keep every BatchNorm in inference mode with fixed parameters, gradients flowing through
	 */
	public static ComputationGraph phase(ComputationGraph net, double learningRate, boolean freezeBatchNorm) {
		ComputationGraphConfiguration conf = net.getConfiguration().clone();
		for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
			if (!(e.getValue() instanceof LayerVertex)) continue;
			LayerVertex lv = (LayerVertex) e.getValue();
			Layer layer = lv.getLayerConf().getLayer();
			if (layer instanceof BaseLayer) ((BaseLayer) layer).setIUpdater(new Adam(learningRate));
			if (freezeBatchNorm && layer instanceof BatchNormalization) {
				lv.getLayerConf().setLayer(FrozenBatchNorm.of((BatchNormalization) layer));
			}
		}
		ComputationGraph g = new ComputationGraph(conf);
		g.init(net.params().dup(), false);
		return g;
	}

	/**
	 * The head alone (dropout and output layer, the same configurations and
	 * parameters) on pooled features of the given width, with a fresh Adam.
	 */
	static ComputationGraph head(ComputationGraph net, String dropout, String output, long width, double learningRate, long seed) {
		Layer drop = net.getLayer(dropout).conf().getLayer().clone();
		Layer out = net.getLayer(output).conf().getLayer().clone();
		((BaseLayer) out).setIUpdater(new Adam(learningRate));
		ComputationGraphConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(io.github.bonefracture.nets.GraphDefaults.dl4jSeed(seed))
			.updater(new Adam(learningRate)).graphBuilder()
			.addInputs("features")
			.setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(width))
			.addLayer(dropout, drop, "features")
			.addLayer(output, out, dropout)
			.setOutputs(output)
			.build();
		ComputationGraph g = new ComputationGraph(conf);
		g.init();
		g.getLayer(output).setParams(net.getLayer(output).params().dup());
		return g;
	}
}
