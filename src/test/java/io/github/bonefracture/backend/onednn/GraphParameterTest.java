package io.github.bonefracture.backend.onednn;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.nets.DenseNet121;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/** Parameters read and written in DL4J's own memory agree with ND4J's copies, and touch nothing beside them. */
class GraphParameterTest {

	private static ComputationGraph tiny() {
		return DenseNet121.builder().inputSize(32, 32).blocks(1, 1, 1, 1).growthRate(8).stemFilters(16).seed(3).build().init();
	}

	@Test
	void readsEveryParameterAsNd4jCopiesIt() {
		for (ComputationGraph g : new ComputationGraph[] {tiny(), tiny().convertDataType(DataType.DOUBLE)}) {
			int dense = 0;
			for (Layer l : g.getLayers()) {
				String name = l.conf().getLayer().getLayerName();
				for (Map.Entry<String, INDArray> e : l.paramTable().entrySet()) {
					assertArrayEquals(e.getValue().dup('c').data().asFloat(), GraphParameter.read(g, name, e.getKey()), name + "." + e.getKey());
					if (GraphParameter.dense(e.getValue())) dense++;
				}
			}
			if (g.params().dataType() == DataType.FLOAT) assertTrue(dense > 20, dense + " parameters read in place");
			else assertEquals(0, dense, "doubles are copied by ND4J");
		}
	}

	@Test
	void writesOneParameterAndNothingElse() {
		ComputationGraph g = tiny();
		String conv = "conv2_block1_1_conv", bn = "conv2_block1_1_bn";
		float[] before = g.params().dup().data().asFloat();
		INDArray w = g.getLayer(conv).getParam("W");
		float[] v = new float[(int) w.length()];
		for (int i = 0; i < v.length; i++) v[i] = i * 0.5f - 3;
		float[] gamma = GraphParameter.read(g, bn, "gamma");
		for (int i = 0; i < gamma.length; i++) gamma[i] = 10 + i;
		GraphParameter.write(g, conv, "W", v);
		GraphParameter.write(g, bn, "gamma", gamma);
		assertArrayEquals(v, g.getLayer(conv).getParam("W").dup('c').data().asFloat());
		assertArrayEquals(gamma, g.getLayer(bn).getParam("gamma").dup('c').data().asFloat());
		float[] after = g.params().dup().data().asFloat();
		int changed = 0;
		for (int i = 0; i < after.length; i++) if (after[i] != before[i]) changed++;
		assertTrue(changed <= v.length + gamma.length, changed + " values changed, " + (v.length + gamma.length) + " written");
		assertThrows(IllegalArgumentException.class, () -> GraphParameter.write(g, bn, "gamma", new float[gamma.length + 1]));
	}
}
