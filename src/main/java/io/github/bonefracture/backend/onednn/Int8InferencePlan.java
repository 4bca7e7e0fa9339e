package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.function.Supplier;

/**
 * DenseNet's inference plan with 8-bit integer convolutions. Every
 * convolution but the stem's reads unsigned 8-bit activations (a
 * BatchNorm+ReLU output, non-negative, in steps of its calibrated range /
 * 255) and signed 8-bit weights with one scale per output channel (its
 * largest magnitude / 127, after the BatchNorm behind it is folded in). A
 * bottleneck's output, also a BatchNorm+ReLU, stays 8-bit; the outputs that
 * are concatenated stay float, so the concatenation, pooling and the last
 * BatchNorm are the float plan's. The pre-activation BatchNorm+ReLU becomes
 * one pass that scales, shifts, clips at 0 and rounds into 8 bits. Layout is
 * channels-last throughout, which oneDNN's int8 convolutions take.
 */
final class Int8InferencePlan extends InferencePlan {
	private final ActivationRanges ranges;

	Int8InferencePlan(ComputationGraph graph, DenseNetSpec shape, ActivationRanges ranges, int n, int h, int w) {
		// Transitions in Keras' order: the exported QDQ graph quantizes each transition convolution's output before its pool.
		super(graph, shape, memory.format_tag.nhwc, false, false, n, h, w);
		this.ranges = ranges;
	}

	@Override
	public InferenceActivation convBnRelu(InferenceActivation x, String conv, String bn, int outChannels, int k, int stride, int pad) {
		return DenseNetSpec.feedsConvolution(bn) ? int8Conv(x, conv, bn, k, stride, pad) : super.convBnRelu(x, conv, bn, outChannels, k, stride, pad);
	}

	@Override
	public InferenceActivation conv(InferenceActivation x, String conv, int outChannels, int k, int stride, int pad) {
		return int8Conv(x, conv, null, k, stride, pad);
	}

	@Override
	public InferenceActivation bnRelu(InferenceActivation x, String bn) {
		if (!DenseNetSpec.feedsConvolution(bn)) return super.bnRelu(x, bn);
		float step = ranges.step(bn);
		// relu(s x + t) / step, rounded and saturated into u8: s and t carry the division.
		Supplier<float[]> scale = () -> divided(parameters.bnAffine(bn)[0], step), shift = () -> divided(parameters.bnAffine(bn)[1], step);
		long[] perChannel = {1, x.c, 1, 1};
		// Per-channel values in the activations' own layout tag (the same bytes as nchw): over 1x1 maps oneDNN
		// takes its fast kernel only then, its reference code otherwise.
		memory.desc channelDesc = desc(memory.format_tag.nhwc, perChannel);
		post_ops po = keep(new post_ops());
		po.append_binary(dnnl.algorithm.binary_add, channelDesc);
		po.append_eltwise(dnnl.algorithm.eltwise_relu, 0f, 0f);
		primitive_attr attr = keep(new primitive_attr());
		attr.set_post_ops(po);
		memory.desc dst = desc(memory.data_type.u8, memory.format_tag.nhwc, n, x.c, x.h, x.w);
		binary.primitive_desc pd = keep(new binary.primitive_desc(eng, dnnl.algorithm.binary_mul, x.mem.get_desc(), channelDesc, dst, attr, false));
		memory out = scratch(pd.dst_desc());
		IntMemoryMap a = args(dnnl.DNNL_ARG_SRC_0, x.mem, dnnl.DNNL_ARG_SRC_1, constant(scale, perChannel, memory.format_tag.nhwc, null),
			dnnl.DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE | dnnl.DNNL_ARG_SRC_1, constant(shift, perChannel, memory.format_tag.nhwc, null),
			dnnl.DNNL_ARG_DST, out);
		steps.add(new Step(keep(new binary(pd)), a));
		return new InferenceActivation(out, x.c, x.h, x.w, step);
	}

	/**
	 * A convolution of 8-bit x with 8-bit weights; with a BatchNorm layer,
	 * folded in with a ReLU and an 8-bit output in that layer's steps, else a
	 * float output.
	 */
	private InferenceActivation int8Conv(InferenceActivation x, String convLayer, String bnLayer, int k, int stride, int pad) {
		int oc = outChannels(convLayer);
		// oneDNN 3.3's int8 kernels wider than 1x1 (brgconv and jit_int8 alike, AVX-512 VNNI) write wrong values,
		// varying from run to run, into a channels-last output whose channels are no multiple of 16
		// (Int8InferenceTest, Int8ExportTest); they compute right into a multiple of 16, so such a convolution gets zero filters
		// up to it and the real channels are copied out. This was the int8 that differed between identical runs.
		int computed = k > 1 && oc % 16 != 0 ? PlanParameters.roundedUp(oc) : oc;
		Supplier<float[]> folded = parameters.foldedWeights(convLayer, bnLayer, oc);
		int oh = DenseNetSpec.outSize(x.h, k, stride, pad), ow = DenseNetSpec.outSize(x.w, k, stride, pad);
		boolean u8 = bnLayer != null;
		float outStep = u8 ? ranges.step(bnLayer) : 1f;
		memory.data_type outType = u8 ? memory.data_type.u8 : memory.data_type.f32;
		memory.desc dst = desc(outType, memory.format_tag.nhwc, n, computed, oh, ow);
		memory.desc wAny = desc(memory.data_type.s8, memory.format_tag.any, computed, x.c, k, k);
		memory.desc bDesc = u8 ? desc(memory.format_tag.x, computed) : keep(new memory.desc());
		primitive_attr attr = keep(new primitive_attr());
		attr.set_scales_mask(dnnl.DNNL_ARG_SRC, 0);
		attr.set_scales_mask(dnnl.DNNL_ARG_WEIGHTS, 1);
		if (u8) {
			attr.set_scales_mask(dnnl.DNNL_ARG_DST, 0);
			post_ops po = keep(new post_ops());
			po.append_eltwise(dnnl.algorithm.eltwise_relu, 0f, 0f);
			attr.set_post_ops(po);
		}
		convolution_forward.primitive_desc pd = faster(() -> keep(new convolution_forward.primitive_desc(eng, dnnl.prop_kind.forward_inference,
			dnnl.algorithm.convolution_direct, x.mem.get_desc(), wAny, bDesc, dst,
			new long[] {stride, stride}, new long[] {pad, pad}, new long[] {pad, pad}, attr, false)), k);
		int per = x.c * k * k;
		Supplier<float[]> wSteps = () -> PlanParameters.padded(Int8Weights.steps(folded.get(), oc, per), computed, 1, 1f);
		// The reorder into the primitive's s8 layout rounds these integral-valued floats.
		Supplier<float[]> quantized = () -> {
			float[] v = folded.get(), s = Int8Weights.steps(v, oc, per);
			for (int o = 0; o < oc; o++) for (int i = 0; i < per; i++) v[o * per + i] /= s[o];
			return PlanParameters.padded(v, computed, per, 0f);
		};
		memory weights = constant(quantized, new long[] {computed, x.c, k, k}, memory.format_tag.oihw, pd.weights_desc());
		memory out = scratch(pd.dst_desc());
		float srcStep = x.scale;
		IntMemoryMap a = args(dnnl.DNNL_ARG_SRC, x.mem, dnnl.DNNL_ARG_WEIGHTS, weights, dnnl.DNNL_ARG_DST, out,
			dnnl.DNNL_ARG_ATTR_SCALES | dnnl.DNNL_ARG_SRC, constant(() -> new float[] {srcStep}, new long[] {1}, memory.format_tag.x, null),
			dnnl.DNNL_ARG_ATTR_SCALES | dnnl.DNNL_ARG_WEIGHTS, constant(wSteps, new long[] {computed}, memory.format_tag.x, null));
		if (u8) {
			a.put(dnnl.DNNL_ARG_BIAS, constant(() -> PlanParameters.padded(parameters.bnAffine(bnLayer)[1], computed, 1, 0f), new long[] {computed}, memory.format_tag.x, null));
			a.put(dnnl.DNNL_ARG_ATTR_SCALES | dnnl.DNNL_ARG_DST, constant(() -> new float[] {outStep}, new long[] {1}, memory.format_tag.x, null));
		}
		steps.add(new Step(keep(new convolution_forward(pd)), a));
		return new InferenceActivation(computed == oc ? out : firstChannels(out, pd.dst_desc(), oc, oh, ow, memory.format_tag.nhwc), oc, oh, ow, outStep);
	}

	/**
	 * The convolution's implementation, but for a kernel wider than 1 (3x3
	 * with padding) not oneDNN 3.3's brgemm one where its jit_int8 one exists:
	 * DenseNet121 at 150 px, batch 8, 2 cores of an AVX-512 VNNI EPYC, int8
	 * ran 172-183 img/s with brgemm 3x3 against 250 with jit_int8 (`bench`,
	 * the same session). Where only oneDNN's reference code would remain, the
	 * first choice stays.
	 */
	static convolution_forward.primitive_desc faster(Supplier<convolution_forward.primitive_desc> make, int k) {
		convolution_forward.primitive_desc first = make.get();
		if (k == 1 || !DnnPlan.implementation(first).startsWith("brg")) return first;
		convolution_forward.primitive_desc other = make.get();
		while (DnnPlan.implementation(other).startsWith("brg") && other.next_impl()) {
			// advance past every brgemm implementation
		}
		return DnnPlan.implementation(other).startsWith("brg") || DnnPlan.reference(other) ? first : other;
	}

	private static float[] divided(float[] v, float by) {
		float[] r = v.clone();
		for (int i = 0; i < r.length; i++) r[i] /= by;
		return r;
	}
}
