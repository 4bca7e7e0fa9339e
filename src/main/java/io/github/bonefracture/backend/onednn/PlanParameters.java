package io.github.bonefracture.backend.onednn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;

import java.util.function.Supplier;

/**
 * A DenseNet graph's parameters as an inference plan uploads them: each
 * BatchNorm as a per-channel affine map, folded into the convolution before
 * it where it can be, padded to the channels oneDNN computes into. Read from
 * the graph each time, so that a reload sees parameters training changed.
 */
final class PlanParameters {
	private final ComputationGraph graph;

	PlanParameters(ComputationGraph graph) {
		this.graph = graph;
	}

	/** BatchNorm as y = s x + t, per channel. */
	float[][] bnAffine(String layer) {
		double eps = DnnPlan.epsilon(graph, layer);
		float[] g = GraphParameter.read(graph, layer, BatchNormalizationParamInitializer.GAMMA);
		float[] be = GraphParameter.read(graph, layer, BatchNormalizationParamInitializer.BETA);
		float[] m = GraphParameter.read(graph, layer, BatchNormalizationParamInitializer.GLOBAL_MEAN);
		float[] v = GraphParameter.read(graph, layer, BatchNormalizationParamInitializer.GLOBAL_VAR);
		float[] s = new float[g.length], t = new float[g.length];
		for (int c = 0; c < g.length; c++) {
			s[c] = (float) (g[c] / Math.sqrt(v[c] + eps));
			t[c] = be[c] - m[c] * s[c];
		}
		return new float[][] {s, t};
	}

	/** A convolution's weights with the BatchNorm after it (if any) folded in, OIHW. */
	Supplier<float[]> foldedWeights(String convLayer, String bnLayer, int oc) {
		return () -> {
			float[] v = GraphParameter.read(graph, convLayer, "W");
			if (bnLayer != null) {
				float[] scale = bnAffine(bnLayer)[0];
				int per = v.length / oc;
				for (int o = 0; o < oc; o++) for (int i = 0; i < per; i++) v[o * per + i] *= scale[o];
			}
			return v;
		};
	}

	/** The next multiple of 16: the output channels oneDNN's kernels compute right into. */
	static int roundedUp(int channels) {
		return (channels + 15) / 16 * 16;
	}

	/** v's rows of per values, then rows of fill up to rows rows. */
	static float[] padded(float[] v, int rows, int per, float fill) {
		if (v.length == rows * per) return v;
		float[] p = java.util.Arrays.copyOf(v, rows * per);
		java.util.Arrays.fill(p, v.length, p.length, fill);
		return p;
	}
}
