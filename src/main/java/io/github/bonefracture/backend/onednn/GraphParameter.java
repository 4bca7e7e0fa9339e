package io.github.bonefracture.backend.onednn;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A graph parameter's values in C order, read and written where DL4J keeps
 * them when they lie there densely (every DenseNet parameter does: views of
 * the graph's one flat float vector). ND4J's own way, a copy into a new
 * array, allocates native memory per parameter: reading a DenseNet's 600
 * parameters took 35 ms and writing them 60 ms, and a fine-tuning run does
 * both every epoch.
 */
final class GraphParameter {
	private GraphParameter() {}

	static float[] read(ComputationGraph g, String layer, String key) {
		INDArray p = g.getLayer(layer).getParam(key);
		if (!dense(p)) return p.dup('c').data().asFloat();
		float[] v = new float[(int) p.length()];
		new FloatPointer(p.data().addressPointer()).get(v);
		return v;
	}

	static void write(ComputationGraph g, String layer, String key, float[] v) {
		INDArray p = g.getLayer(layer).getParam(key);
		if (p.length() != v.length)
			throw new IllegalArgumentException(layer + "." + key + " has " + p.length() + " values, not " + v.length);
		if (dense(p)) new FloatPointer(p.data().addressPointer()).put(v);
		else p.assign(Nd4j.create(v, p.shape(), 'c').castTo(p.dataType()));
	}

	/** Floats whose C order is their order in memory, starting where the array's data pointer points. */
	static boolean dense(INDArray p) {
		if (p.dataType() != DataType.FLOAT || p.data().length() < p.length()) return false;
		long[] shape = p.shape(), stride = p.stride();
		long expected = 1;
		for (int i = shape.length - 1; i >= 0; i--) {
			if (shape[i] != 1 && stride[i] != expected) return false;
			expected *= shape[i];
		}
		return true;
	}
}
