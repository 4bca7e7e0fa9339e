package io.github.bonefracture.nets;

import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.HashMap;
import java.util.Map;

/**
 * DenseNet's base (input to the last ReLU) for inference, run on oneDNN
 * directly. DL4J's oneDNN helpers reorder every activation from plain NCHW to
 * oneDNN's blocked layout and back around each convolution and keep
 * BatchNorm, ReLU and concatenation as separate passes. Here activations stay
 * blocked from the stem to the last ReLU, a BatchNorm that follows a
 * convolution is folded into its weights with the ReLU as a post-op, and the
 * pre-activation BatchNorm+ReLU is one fused primitive. Weights are copied
 * from a DL4J graph built by {@link DenseNet121} (any block sizes and growth
 * rate), so the DL4J graph stays the reference and the model file is
 * unchanged. Inference only; calls run one at a time.
 */
public final class OneDnnDenseNet implements AutoCloseable {

	/** Whether g has the DenseNet base this class runs (DenseNet121's layer names up to its last ReLU). */
	public static boolean isDenseNet(ComputationGraph g) {
		return has(g, "conv1/conv") && has(g, DenseNet121.FEATURES);
	}

	/** Null when oneDNN's own library loads on this platform, else why not. */
	public static String unavailableReason() {
		try {
			org.bytedeco.javacpp.Loader.load(dnnl.class);
		} catch (Throwable t) {
			return t.toString();
		}
		return DnnPlan.probe();
	}

	private final ComputationGraph graph;
	private final DenseNetSpec shape;
	private final memory.format_tag blocked;
	private final Map<String, InferencePlan> plans = new HashMap<>();
	private static final int MAX_PLANS = 4;

	/**
	 * Activations and weights in bfloat16 (sums and BatchNorm statistics stay
	 * float): for CPUs with AVX-512 BF16 or AMX, where oneDNN has bf16
	 * convolutions; elsewhere oneDNN emulates them slowly.
	 */
	private final boolean bf16;

	private OneDnnDenseNet(ComputationGraph graph, boolean bf16) {
		this.graph = graph;
		this.bf16 = bf16;
		this.shape = DenseNetSpec.of(graph);
		// Concatenation copies, so any width works; the widest block the CPU takes is fastest.
		this.blocked = DnnPlan.tag(DnnPlan.widestBlock());
	}

	/**
	 * The base of a graph with DenseNet121's layer names; the weights are read
	 * when a plan is built, so build this after the weights are final.
	 */
	public static OneDnnDenseNet of(ComputationGraph g) {
		return new OneDnnDenseNet(g, false);
	}

	/** The same with bfloat16 activations and weights; see {@link #bf16Native()} for where that is fast. */
	public static OneDnnDenseNet bf16(ComputationGraph g) {
		return new OneDnnDenseNet(g, true);
	}

	/** Whether this CPU has native bfloat16 arithmetic that oneDNN uses (AVX-512 BF16 or AMX). */
	public static boolean bf16Native() {
		String isa = String.valueOf(dnnl.get_effective_cpu_isa());
		return isa.contains("bf16") || isa.contains("amx");
	}

	private static boolean has(ComputationGraph g, String vertex) {
		return DnnPlan.has(g, vertex);
	}

	/** Channels of the feature map. */
	public int featureChannels() {
		return shape.featureChannels();
	}

	/**
	 * The last ReLU's output for a batch in plain NCHW order; shapeOut gets
	 * {n, channels, height, width}.
	 */
	public synchronized float[] features(float[] nchw, int n, int h, int w, int[] shapeOut) {
		InferencePlan p = run(nchw, n, h, w);
		float[] out = new float[(int) p.output.capacity()];
		p.output.get(out);
		shapeOut[0] = n;
		shapeOut[1] = p.outC;
		shapeOut[2] = p.outH;
		shapeOut[3] = p.outW;
		return out;
	}

	/** The features averaged over the image (DenseNet's avg_pool): one row per image. */
	public synchronized float[][] pooled(float[] nchw, int n, int h, int w) {
		InferencePlan p = run(nchw, n, h, w);
		int per = p.outH * p.outW;
		float[] plane = new float[per];
		float[][] rows = new float[n][p.outC];
		for (int k = 0; k < n; k++) {
			for (int c = 0; c < p.outC; c++) {
				p.output.position(((long) k * p.outC + c) * per).get(plane).position(0);
				double sum = 0;
				for (float v : plane) sum += v;
				rows[k][c] = (float) (sum / per);
			}
		}
		return rows;
	}

	private InferencePlan run(float[] nchw, int n, int h, int w) {
		if (nchw.length != (long) n * shape.inChannels * h * w)
			throw new IllegalArgumentException("input has " + nchw.length + " values, expected " + n + "x" + shape.inChannels + "x" + h + "x" + w);
		String key = n + "x" + h + "x" + w;
		InferencePlan p = plans.get(key);
		if (p == null) {
			// A few shapes at most: the batch size, the last short batch, batch 1.
			if (plans.size() >= MAX_PLANS) close();
			try {
				p = new InferencePlan(graph, shape, blocked, bf16, n, h, w);
			} catch (RuntimeException e) {
				throw DnnPlan.failed("building DenseNet for " + n + " images of " + w + "x" + h, e);
			}
			plans.put(key, p);
		}
		p.input.put(nchw);
		p.run(p.steps);
		return p;
	}

	@Override
	public synchronized void close() {
		for (InferencePlan p : plans.values()) p.close();
		plans.clear();
	}

	/**
	 * Reads the graph's parameters again into every plan: cheaper than new
	 * plans when only the weights changed (a validation pass per epoch).
	 */
	public synchronized void reload() {
		for (InferencePlan p : plans.values()) p.reload();
	}
}
