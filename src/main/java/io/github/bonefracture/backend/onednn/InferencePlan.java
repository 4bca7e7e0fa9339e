package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.concat;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.memory_desc_vector;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * DenseNet's inference plan for one input shape: activations blocked from
 * the stem to the last ReLU, BatchNorm folded into the convolution before it
 * with the ReLU as a post-op, the pre-activation BatchNorm+ReLU fused;
 * weights uploaded from the DL4J graph, again on {@link #reload()}.
 */
class InferencePlan extends DnnPlan implements DenseNetSpec.Ops<InferenceActivation> {
	private final ComputationGraph graph;
	/** Its BatchNorms as affine maps and folded into convolutions, for this plan and the int8 one. */
	final PlanParameters parameters;
	private final DenseNetSpec shape;
	private final memory.format_tag blocked;
	private final boolean bf16;
	final int n, h, w;
	final memory.data_type act;
	final List<Step> steps = new ArrayList<>();
	final FloatPointer input;
	/**
	 * What int8 calibration measures: float BatchNorm+ReLU outputs that feed a
	 * convolution, by BatchNorm layer, and the convolution outputs that are
	 * concatenated (dense layers' 3x3, transitions), by convolution layer.
	 */
	final Map<String, memory> observed = new LinkedHashMap<>();
	private memory in;
	FloatPointer output;
	int outC, outH, outW;
	/**
	 * Whether each dense block is one buffer that every layer writes its
	 * channels into (no concatenation copies): for a batch of one image in a
	 * channel-blocked layout whose block divides every width, where the
	 * leading channels and each layer's slice are themselves dense tensors of
	 * that layout, which oneDNN's fast kernels take.
	 */
	private final boolean blockBuffers;
	/** Dense blocks started so far (each by the stem's pool or a transition). */
	private int blocksStarted;
	/**
	 * Whether transitions pool before their convolution
	 * ({@link DenseNetSpec.Ops#transitionPoolingFirst}), or compute in Keras'
	 * order, where the convolution's output before the pool exists to be
	 * measured or quantized.
	 */
	private final boolean poolingFirst;

	InferencePlan(ComputationGraph graph, DenseNetSpec shape, memory.format_tag blocked, boolean bf16, boolean poolingFirst, int n, int h, int w) {
		this.graph = graph;
		this.parameters = new PlanParameters(graph);
		this.shape = shape;
		this.blocked = blocked;
		this.bf16 = bf16;
		this.poolingFirst = poolingFirst;
		this.act = bf16 ? memory.data_type.bf16 : memory.data_type.f32;
		this.n = n;
		this.h = h;
		this.w = w;
		int channelBlock = DnnPlan.channelBlock(blocked);
		this.blockBuffers = n == 1 && channelBlock > 0 && shape.channelBlock(channelBlock) == channelBlock;
		int inChannels = shape.inChannels;
		input = keep(new FloatPointer((long) n * inChannels * h * w));
		in = over(input, memory.format_tag.nchw, n, inChannels, h, w);
		if (bf16) {
			memory converted = scratch(desc(act, memory.format_tag.nchw, n, inChannels, h, w));
			steps.add(reorderStep(in, converted));
			in = converted;
		}
	}

	/** Makes the steps; separate from the constructor so that a subclass's own fields are set when its operations run. */
	InferencePlan build() {
		InferenceActivation x = shape.walk(new InferenceActivation(in, shape.inChannels, h, w), this);
		outC = x.c;
		outH = x.h;
		outW = x.w;
		output = keep(new FloatPointer((long) n * outC * outH * outW));
		steps.add(reorderStep(x.mem, over(output, memory.format_tag.nchw, n, outC, outH, outW)));
		return this;
	}

	double epsilon(String layer) {
		return DnnPlan.epsilon(graph, layer);
	}

	float[] param(String layer, String key) {
		return GraphParameter.read(graph, layer, key);
	}

	/** The BatchNorm folds into the convolution's weights and a bias; the ReLU is its post-op. The stem's padding of 3 is Keras' ZeroPadding. */
	@Override
	public InferenceActivation convBnRelu(InferenceActivation x, String conv, String bn, int outChannels, int k, int stride, int pad) {
		InferenceActivation a = conv(x, conv, bn, k, stride, pad, true);
		if (conv.equals(DenseNetSpec.STEM_CONV)) a = new InferenceActivation(input(a, desc(act, blocked, n, a.c, a.h, a.w)), a.c, a.h, a.w);
		return observe(bn, a);
	}

	private InferenceActivation observe(String bn, InferenceActivation a) {
		if (DenseNetSpec.feedsConvolution(bn)) observed.put(bn, a.mem);
		return a;
	}

	@Override
	public InferenceActivation conv(InferenceActivation x, String conv, int outChannels, int k, int stride, int pad) {
		InferenceActivation a = conv(x, conv, null, k, stride, pad, false);
		observed.put(conv, a.mem);
		return a;
	}

	/** Zero padding before a max pool of non-negative values equals oneDNN's padded max pool. */
	@Override
	public InferenceActivation maxPool(InferenceActivation x) {
		return startBlock(pool(x, dnnl.algorithm.pooling_max, DenseNetSpec.STEM_POOL_KERNEL, DenseNetSpec.STEM_POOL_STRIDE, DenseNetSpec.STEM_POOL_PAD));
	}

	@Override
	public InferenceActivation transition(InferenceActivation x, String bn, String conv, int out) {
		return startBlock(poolingFirst ? DenseNetSpec.Ops.super.transitionPoolingFirst(x, bn, conv, out) : DenseNetSpec.Ops.super.transition(x, bn, conv, out));
	}

	/**
	 * a, which starts a dense block; with block buffers, its memory becomes
	 * the leading channels of the block's buffer, which its step then writes.
	 */
	private InferenceActivation startBlock(InferenceActivation a) {
		int block = blocksStarted++;
		if (!blockBuffers) return a;
		memory whole = scratch(desc(act, blocked, n, shape.channelsAfterBlock(block), a.h, a.w));
		a.mem.set_data_handle(whole.get_data_handle());
		return new InferenceActivation(a.mem, a.c, a.h, a.w, whole);
	}

	@Override
	public InferenceActivation avgPool(InferenceActivation x) {
		return pool(x, dnnl.algorithm.pooling_avg_exclude_padding, DenseNetSpec.TRANSITION_POOL, DenseNetSpec.TRANSITION_POOL, 0);
	}

	/** Convolution (no bias in DenseNet), optionally followed by a BatchNorm folded in and a ReLU post-op. */
	InferenceActivation conv(InferenceActivation x, String convLayer, String bnLayer, int k, int stride, int pad, boolean relu) {
		int oc = outChannels(convLayer);
		// oneDNN 3.3's bfloat16 kernels wider than 1x1 compute wrong values into an output whose channels are no
		// multiple of 16 (features 11-13% off float at growth 8 and 12, OneDnnDenseNetTest); into a multiple of 16
		// they are right, so such a convolution gets zero filters up to it and the real channels are copied out.
		int computed = bf16 && k > 1 && oc % 16 != 0 ? PlanParameters.roundedUp(oc) : oc;
		Supplier<float[]> wt = parameters.foldedWeights(convLayer, bnLayer, oc);
		Supplier<float[]> bias = bnLayer == null ? null : () -> parameters.bnAffine(bnLayer)[1];
		int oh = DenseNetSpec.outSize(x.h, k, stride, pad), ow = DenseNetSpec.outSize(x.w, k, stride, pad);
		memory.format_tag tag = outputTag(convLayer);
		memory.desc dst = desc(act, tag, n, computed, oh, ow);
		memory.desc wAny = desc(act, memory.format_tag.any, computed, x.c, k, k);
		memory.desc bDesc = bias == null ? keep(new memory.desc()) : keep(new memory.desc(new long[] {computed}, memory.data_type.f32, memory.format_tag.x));
		primitive_attr attr = keep(new primitive_attr());
		if (relu) {
			post_ops po = keep(new post_ops());
			po.append_eltwise(dnnl.algorithm.eltwise_relu, 0f, 0f);
			attr.set_post_ops(po);
		}
		convolution_forward.primitive_desc pd = keep(new convolution_forward.primitive_desc(eng, dnnl.prop_kind.forward_inference,
			dnnl.algorithm.convolution_direct, srcDesc(x), wAny, bDesc, dst,
			new long[] {stride, stride}, new long[] {pad, pad}, new long[] {pad, pad}, attr, false));
		int per = x.c * k * k;
		memory weights = constant(() -> PlanParameters.padded(wt.get(), computed, per, 0f), new long[] {computed, x.c, k, k}, memory.format_tag.oihw, pd.weights_desc());
		memory out = scratch(pd.dst_desc());
		memory src = input(x, pd.src_desc());
		IntMemoryMap a = bias == null
			? args(dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_WEIGHTS, weights, dnnl.DNNL_ARG_DST, out)
			: args(dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_WEIGHTS, weights, dnnl.DNNL_ARG_BIAS,
				constant(() -> PlanParameters.padded(bias.get(), computed, 1, 0f), new long[] {computed}, memory.format_tag.x, null), dnnl.DNNL_ARG_DST, out);
		steps.add(new Step(keep(new convolution_forward(pd)), a));
		return new InferenceActivation(computed == oc ? out : firstChannels(out, pd.dst_desc(), oc, oh, ow, tag), oc, oh, ow);
	}

	/**
	 * The first c channels of out (of layout d, computed into more; the rest
	 * zero) as an activation of c channels in layout tag: the same memory
	 * where tag pads c to d's channels anyway (blocks of 16), else a copy.
	 */
	memory firstChannels(memory out, memory.desc d, int c, int h, int w, memory.format_tag tag) {
		memory.desc wanted = desc(d.get_data_type(), tag, n, c, h, w);
		if (wanted.get_size() == d.get_size()) return keep(new memory(wanted, eng, out.get_data_handle()));
		memory real = keep(new memory(keep(d.submemory_desc(new long[] {n, c, h, w}, new long[] {0, 0, 0, 0})), eng, out.get_data_handle()));
		memory compact = scratch(desc(d.get_data_type(), tag, n, c, h, w));
		steps.add(reorderStep(real, compact));
		return compact;
	}

	/**
	 * The layout of a float convolution's output: the plan's, but for the
	 * stem, which reads the plain 3-channel image: oneDNN's fast kernel for
	 * that writes the channel-blocked layout (for channels-last it has only
	 * reference code), reordered after when the plan's layout differs.
	 */
	private memory.format_tag outputTag(String convLayer) {
		return convLayer.equals(DenseNetSpec.STEM_CONV) ? DnnPlan.tag(DnnPlan.widestBlock()) : blocked;
	}

	int outChannels(String convLayer) {
		return (int) graph.getLayer(convLayer).getParam("W").size(0);
	}

	/** The stem's plain input goes to the convolution as is; blocked activations stay blocked. */
	memory.desc srcDesc(InferenceActivation x) {
		return x.mem.get_desc();
	}

	/** x itself, or a reorder into the layout the primitive asks for. */
	memory input(InferenceActivation x, memory.desc wanted) {
		if (x.mem.get_desc().equals(wanted)) return x.mem;
		memory m = scratch(wanted);
		steps.add(reorderStep(x.mem, m));
		return m;
	}

	@Override
	public InferenceActivation bnRelu(InferenceActivation x, String bnLayer) {
		float eps = (float) epsilon(bnLayer);
		int flags = dnnl.dnnl_use_global_stats | dnnl.dnnl_use_scale | dnnl.dnnl_use_shift | dnnl.dnnl_fuse_norm_relu;
		memory.desc d = x.mem.get_desc();
		batch_normalization_forward.primitive_desc pd = keep(new batch_normalization_forward.primitive_desc(eng,
			dnnl.dnnl_forward_inference, d, d, eps, flags));
		long[] cdim = {x.c};
		memory out = scratch(pd.dst_desc());
		IntMemoryMap a = args(dnnl.DNNL_ARG_SRC, x.mem, dnnl.DNNL_ARG_DST, out,
			dnnl.DNNL_ARG_MEAN, constant(() -> param(bnLayer, BatchNormalizationParamInitializer.GLOBAL_MEAN), cdim, memory.format_tag.x, null),
			dnnl.DNNL_ARG_VARIANCE, constant(() -> param(bnLayer, BatchNormalizationParamInitializer.GLOBAL_VAR), cdim, memory.format_tag.x, null),
			dnnl.DNNL_ARG_SCALE, constant(() -> param(bnLayer, BatchNormalizationParamInitializer.GAMMA), cdim, memory.format_tag.x, null),
			dnnl.DNNL_ARG_SHIFT, constant(() -> param(bnLayer, BatchNormalizationParamInitializer.BETA), cdim, memory.format_tag.x, null));
		steps.add(new Step(keep(new batch_normalization_forward(pd)), a));
		return observe(bnLayer, new InferenceActivation(out, x.c, x.h, x.w));
	}

	InferenceActivation pool(InferenceActivation x, dnnl.algorithm alg, int k, int stride, int pad) {
		int oh = DenseNetSpec.outSize(x.h, k, stride, pad), ow = DenseNetSpec.outSize(x.w, k, stride, pad);
		memory.desc dst = desc(act, blocked, n, x.c, oh, ow);
		pooling_forward.primitive_desc pd = keep(new pooling_forward.primitive_desc(eng, dnnl.prop_kind.forward_inference, alg,
			x.mem.get_desc(), dst, new long[] {stride, stride}, new long[] {k, k}, new long[] {0, 0},
			new long[] {pad, pad}, new long[] {pad, pad}));
		memory out = scratch(pd.dst_desc());
		steps.add(new Step(keep(new pooling_forward(pd)), args(dnnl.DNNL_ARG_SRC, x.mem, dnnl.DNNL_ARG_DST, out)));
		return new InferenceActivation(out, x.c, oh, ow);
	}

	/**
	 * Channels of b after a's. With block buffers: b's convolution now
	 * writes into a's block right after a's channels, and the result is the
	 * block's leading channels; no step runs.
	 */
	@Override
	public InferenceActivation concat(InferenceActivation a, InferenceActivation b) {
		if (a.block != null) {
			b.mem.set_data_handle(new org.bytedeco.javacpp.BytePointer(a.block.get_data_handle()).position(a.mem.get_desc().get_size()));
			memory joined = keep(new memory(desc(act, blocked, n, a.c + b.c, a.h, a.w), eng, a.block.get_data_handle()));
			return new InferenceActivation(joined, a.c + b.c, a.h, a.w, a.block);
		}
		memory_desc_vector srcs = keep(new memory_desc_vector(a.mem.get_desc(), b.mem.get_desc()));
		memory.desc dst = desc(act, blocked, n, a.c + b.c, a.h, a.w);
		concat.primitive_desc pd = keep(new concat.primitive_desc(eng, dst, 1, srcs));
		memory out = scratch(pd.dst_desc());
		steps.add(new Step(keep(new concat(pd)),
			args(dnnl.DNNL_ARG_MULTIPLE_SRC, a.mem, dnnl.DNNL_ARG_MULTIPLE_SRC + 1, b.mem, dnnl.DNNL_ARG_DST, out)));
		return new InferenceActivation(out, a.c + b.c, a.h, a.w);
	}

	@Override
	public void close() {
		super.close();
		steps.clear();
	}
}
