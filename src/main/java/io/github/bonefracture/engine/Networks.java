package io.github.bonefracture.engine;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Map;
import java.util.Set;

/**
 * Training-phase variants of one network: the same parameters under a
 * configuration with a fresh Adam, some layers frozen. Phase graphs copy the
 * parameters in and the caller copies them back, so the network itself
 * never changes its configuration.
 */
final class Networks {

	private Networks() {}

	/**
	 * @param frozen layers to freeze entirely (no updates, inference mode, no backprop through them)
	 * @param freezeBatchNorm keep every other BatchNorm in inference mode with fixed parameters, gradients flowing through
	 */
	static ComputationGraph phase(ComputationGraph net, double learningRate, Set<String> frozen, boolean freezeBatchNorm) {
		ComputationGraphConfiguration conf = net.getConfiguration().clone();
		for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
			if (!(e.getValue() instanceof LayerVertex)) continue;
			LayerVertex lv = (LayerVertex) e.getValue();
			Layer layer = lv.getLayerConf().getLayer();
			if (layer instanceof BaseLayer) ((BaseLayer) layer).setIUpdater(new Adam(learningRate));
			Layer replaced = layer;
			if (frozen.contains(e.getKey())) replaced = new FrozenLayer(layer);
			else if (freezeBatchNorm && layer instanceof BatchNormalization) replaced = new FrozenLayerWithBackprop(layer);
			if (replaced != layer) {
				replaced.setLayerName(e.getKey());
				lv.getLayerConf().setLayer(replaced);
			}
		}
		ComputationGraph g = new ComputationGraph(conf);
		g.init(net.params().dup(), false);
		return g;
	}

	/** Names of every layer that feeds the given one, itself included. */
	static Set<String> upTo(ComputationGraph net, String last) {
		Set<String> seen = new java.util.HashSet<>();
		java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
		todo.add(last);
		Map<String, java.util.List<String>> inputs = net.getConfiguration().getVertexInputs();
		while (!todo.isEmpty()) {
			String v = todo.pop();
			if (!seen.add(v)) continue;
			java.util.List<String> in = inputs.get(v);
			if (in != null) todo.addAll(in);
		}
		return seen;
	}
}
