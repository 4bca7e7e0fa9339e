package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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

	/** Why oneDNN's own library does not load on this platform; empty when it does. */
	public static Optional<String> unavailableReason() {
		try {
			org.bytedeco.javacpp.Loader.load(dnnl.class);
		} catch (Throwable t) {
			return Optional.of(t.toString());
		}
		return DnnPlan.probe();
	}

	/** Builds the plan for one input shape: batch, height, width. */
	private interface PlanMaker {
		InferencePlan make(DenseNetSpec spec, int n, int h, int w);
	}

	private final DenseNetSpec shape;
	private final PlanMaker maker;
	private final Map<String, InferencePlan> plans = new HashMap<>();
	private static final int MAX_PLANS = 4;

	private OneDnnDenseNet(ComputationGraph graph, PlanMaker maker) {
		this.shape = DenseNetSpec.of(graph);
		this.maker = maker;
	}

	/**
	 * The base of a graph with DenseNet121's layer names; the weights are read
	 * when a plan is built, so build this after the weights are final.
	 */
	public static OneDnnDenseNet of(ComputationGraph g) {
		return floatPlans(g, false, true);
	}

	/**
	 * The same with bfloat16 activations and weights (sums and BatchNorm
	 * statistics stay float); see {@link #bf16Native()} for where that is fast:
	 * elsewhere oneDNN emulates it slowly.
	 */
	public static OneDnnDenseNet bf16(ComputationGraph g) {
		return floatPlans(g, true, true);
	}

	private static OneDnnDenseNet floatPlans(ComputationGraph g, boolean bf16, boolean poolingFirst) {
		// Concatenation copies, so any width works; the widest block the CPU takes is fastest.
		memory.format_tag blocked = DnnPlan.tag(DnnPlan.widestBlock());
		return new OneDnnDenseNet(g, (spec, n, h, w) -> new InferencePlan(g, spec, blocked, bf16, poolingFirst, n, h, w).build());
	}

	/**
	 * The same with 8-bit integer convolutions in the given activation
	 * ranges (see {@link Int8InferencePlan}); refuses ranges that do not
	 * cover the network. See {@link #int8Native()} for where that is fast.
	 */
	public static OneDnnDenseNet int8(ComputationGraph g, ActivationRanges ranges) {
		int8Problem(g, ranges).ifPresent(problem -> {
			throw new IllegalArgumentException("the int8 calibration does not fit this network: " + problem);
		});
		return new OneDnnDenseNet(g, (spec, n, h, w) -> new Int8InferencePlan(g, spec, ranges, n, h, w).build());
	}

	/** Why these ranges cannot quantize g's base (a layer without a range, say); empty when they fit. */
	public static Optional<String> int8Problem(ComputationGraph g, ActivationRanges ranges) {
		return ranges.problemFor(DenseNetSpec.of(g));
	}

	/**
	 * Whether oneDNN has compiled int8 convolutions for this CPU: AVX2 or
	 * newer (with VNNI or AMX its 8-bit dot products; without, AVX2's
	 * multiply-adds, measured 1.7x float on an AVX2 CPU). Older CPUs get
	 * reference code, slower than float.
	 */
	public static boolean int8Native() {
		String isa = String.valueOf(dnnl.get_effective_cpu_isa());
		return isa.contains("avx2") || isa.contains("avx512") || isa.contains("amx");
	}

	/**
	 * Whether oneDNN's int8 kernels have 8-bit dot products here: VNNI (AVX2
	 * or AVX-512 VNNI; every AVX-512 BF16 CPU has it) or AMX.
	 */
	public static boolean int8DotProducts() {
		String isa = String.valueOf(dnnl.get_effective_cpu_isa());
		return isa.contains("vnni") || isa.contains("bf16") || isa.contains("amx");
	}

	/**
	 * The int8 calibration of g: the float plan runs each batch (NCHW, h x w)
	 * and keeps, per BatchNorm+ReLU output that feeds a convolution and per
	 * concatenated convolution output, the largest magnitude seen.
	 */
	public static ActivationRanges measureRanges(ComputationGraph g, Iterable<float[]> batches, int h, int w) {
		Map<String, Float> max = new LinkedHashMap<>();
		int images = 0;
		// Keras' order: the transitions' convolution outputs are measured before their pools, where the QDQ export quantizes them.
		try (OneDnnDenseNet d = floatPlans(g, false, false)) {
			int per = d.shape.inChannels * h * w;
			for (float[] x : batches) {
				int n = x.length / per;
				InferencePlan p = d.run(x, n, h, w);
				for (Map.Entry<String, memory> e : p.observed.entrySet()) {
					float m = largest(e.getValue());
					max.merge(e.getKey(), m, Math::max);
				}
				images += n;
			}
		}
		return new ActivationRanges(images, max);
	}

	private static float largest(memory m) {
		long count = m.get_desc().get_size() / Float.BYTES;
		FloatPointer fp = new FloatPointer(m.get_data_handle()).capacity(count);
		float[] chunk = new float[(int) Math.min(count, 1 << 16)];
		float max = 0;
		for (long off = 0; off < count; off += chunk.length) {
			int len = (int) Math.min(chunk.length, count - off);
			fp.position(off).get(chunk, 0, len);
			for (int i = 0; i < len; i++) max = Math.max(max, Math.abs(chunk[i]));
		}
		return max;
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
				p = maker.make(shape, n, h, w);
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
