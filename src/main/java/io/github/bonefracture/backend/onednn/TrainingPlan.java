package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.concat;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.memory_desc_vector;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.FloatPointer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DenseNet's training plan for one input shape: forward and backward
 * primitives with activations in oneDNN's blocked layout, fused
 * BatchNorm+ReLU with its own statistics and backward pass (or frozen),
 * and a concatenation's gradient read as channel slices of the output's.
 * Backward steps are collected per forward node and built in reverse.
 */
final class TrainingPlan extends DnnPlan implements DenseNetSpec.Ops<TrainingPlan.Act> {

	/** An activation: its memory, its gradient once a consumer has given one, its size. */
	static final class Act {
		final memory mem;
		final memory.desc desc;
		final int c, h, w;
		memory diff;
		/** Made by a concatenation. */
		boolean concatenated;
		/**
		 * Instead of diff, for a concatenation's output inside a dense block: its gradient as the leading
		 * channels of the next concatenation's, so the block's whole gradient lives in one buffer.
		 * Only copies and sums touch it; a primitive reading it would take oneDNN's reference code.
		 */
		ChannelSlice diffSlice;

		Act(memory mem, int c, int h, int w) {
			this.mem = mem;
			this.desc = mem.get_desc();
			this.c = c;
			this.h = h;
			this.w = w;
		}
	}

	final int n, h, w;
	final memory.format_tag blocked;
	/** Channels per block of that layout (1: plain NCHW). */
	private final int block;
	/** Weights from the plain master copies into the layouts the primitives chose. */
	final List<Step> refresh = new ArrayList<>();
	final List<Step> forward = new ArrayList<>();
	final List<Step> backward = new ArrayList<>();
	/** Backward work, one entry per forward node, run in reverse. */
	final List<Runnable> backwardBuilders = new ArrayList<>();
	final FloatPointer input, features, dFeatures;
	/** The images: the stem convolution needs no gradient for them. */
	Act networkInput;
	final int featC, featH, featW;
	/** Values per channel each BatchNorm sees in a batch. */
	final Map<String, Long> bnCount = new HashMap<>();

	private final DenseNetParameters params;
	private final DenseNetSpec shape;
	final boolean train;

	TrainingPlan(DenseNetParameters params, DenseNetSpec shape, boolean train, int n, int h, int w) {
		this.params = params;
		this.shape = shape;
		this.train = train;
		this.n = n;
		this.h = h;
		this.w = w;
		this.block = shape.channelBlock(DnnPlan.widestBlock());
		this.blocked = tag(block);
		input = keep(new FloatPointer((long) n * shape.inChannels * h * w));
		networkInput = new Act(over(input, memory.format_tag.nchw, n, shape.inChannels, h, w), shape.inChannels, h, w);
		Act f = shape.walk(networkInput, this);
		featC = f.c;
		featH = f.h;
		featW = f.w;
		features = keep(new FloatPointer((long) n * featC * featH * featW));
		dFeatures = keep(new FloatPointer((long) n * featC * featH * featW));
		forward.add(reorderStep(f.mem, over(features, memory.format_tag.nchw, n, featC, featH, featW)));
		f.diff = scratch(f.desc);
		backward.add(reorderStep(over(dFeatures, memory.format_tag.nchw, n, featC, featH, featW), f.diff));
		for (int i = backwardBuilders.size() - 1; i >= 0; i--) backwardBuilders.get(i).run();
	}

	/** Gives a its gradient from one consumer: the first is taken (or copied), later ones are added. */
	void addDiff(Act a, memory d, boolean owned) {
		if (a.diffSlice != null) {
			addImages(ChannelSlice.whole(d, n, a.c, a.h, a.w), a.diffSlice, true);
		} else if (a.diff == null && owned) {
			a.diff = d;
		} else if (a.diff == null) {
			a.diff = scratch(a.desc);
			backward.add(reorderStep(d, a.diff));
		} else {
			backward.add(addStep(adder(a.desc), d, a.diff));
		}
	}

	/** Gives a its gradient from channels of a concatenation's. */
	void addDiff(Act a, ChannelSlice from) {
		boolean add = a.diff != null;
		if (!add) a.diff = scratch(a.desc);
		addImages(from, ChannelSlice.whole(a.diff, n, a.c, a.h, a.w), add);
	}

	/** Copies (or adds) from into to image by image, each image's part being dense memory. */
	private void addImages(ChannelSlice from, ChannelSlice to, boolean add) {
		if (from.from % block != 0 || to.from % block != 0 || from.count % block != 0)
			throw new IllegalStateException("channel slice not made of whole blocks of " + block);
		memory.desc one = desc(blocked, 1, from.count, from.h, from.w);
		primitive p = add ? adder(one) : keep(new reorder(keep(new reorder.primitive_desc(eng, one, eng, one))));
		for (int i = 0; i < n; i++) {
			memory src = from.image(this, one, i), dst = to.image(this, one, i);
			backward.add(add ? addStep(p, src, dst) : new Step(p, args(dnnl.DNNL_ARG_FROM, src, dnnl.DNNL_ARG_TO, dst)));
		}
	}

	@Override
	public Act convBnRelu(Act x, String conv, String bn, int outChannels, int k, int stride, int pad) {
		return bnRelu(conv(x, conv, outChannels, k, stride, pad), bn);
	}

	@Override
	public Act maxPool(Act x) {
		return pool(x, dnnl.algorithm.pooling_max, DenseNetSpec.STEM_POOL_KERNEL, DenseNetSpec.STEM_POOL_STRIDE, DenseNetSpec.STEM_POOL_PAD);
	}

	@Override
	public Act avgPool(Act x) {
		return pool(x, dnnl.algorithm.pooling_avg_exclude_padding, DenseNetSpec.TRANSITION_POOL, DenseNetSpec.TRANSITION_POOL, 0);
	}

	@Override
	public Act transition(Act x, String bn, String conv, int out) {
		return transitionPoolingFirst(x, bn, conv, out);
	}

	@Override
	public Act conv(Act x, String name, int outChannels, int k, int stride, int pad) {
		boolean needsInputGradient = x != networkInput;
		DenseNetParameters.Conv c = params.convs.get(name);
		int oh = DenseNetSpec.outSize(x.h, k, stride, pad), ow = DenseNetSpec.outSize(x.w, k, stride, pad);
		memory.desc dst = desc(blocked, n, c.oc, oh, ow);
		memory.desc wAny = desc(memory.format_tag.any, c.oc, c.ic, k, k);
		memory.desc noBias = keep(new memory.desc());
		long[] st = {stride, stride}, pd = {pad, pad};
		convolution_forward.primitive_desc fpd = keep(new convolution_forward.primitive_desc(eng, dnnl.prop_kind.forward_training,
			dnnl.algorithm.convolution_direct, x.desc, wAny, noBias, dst, st, pd, pd));
		memory plain = over(c.plain, memory.format_tag.oihw, c.oc, c.ic, k, k);
		memory wf = weights(plain, fpd.weights_desc());
		Act out = new Act(scratch(fpd.dst_desc()), c.oc, oh, ow);
		forward.add(new Step(keep(new convolution_forward(fpd)), args(dnnl.DNNL_ARG_SRC, x.mem, dnnl.DNNL_ARG_WEIGHTS, wf, dnnl.DNNL_ARG_DST, out.mem)));
		backwardBuilders.add(() -> {
			convolution_backward_weights.primitive_desc wpd = keep(new convolution_backward_weights.primitive_desc(eng,
				dnnl.algorithm.convolution_direct, x.desc, wAny, noBias, out.desc, st, pd, pd, fpd));
			memory src = x.mem, diffDst = out.diff;
			if (reference(wpd)) {
				// oneDNN 3.3 has no fast backward-weights kernel in the blocked layout for a 3x3 window over
				// maps of 2x2 or 1x1 (the last block below 96 px): its reference code took half a training step.
				// On channels-last copies of the two (a few kilobytes) its GEMM kernel does it.
				memory.desc xl = desc(memory.format_tag.nhwc, n, x.c, x.h, x.w), yl = desc(memory.format_tag.nhwc, n, c.oc, oh, ow);
				wpd = keep(new convolution_backward_weights.primitive_desc(eng, dnnl.algorithm.convolution_direct, xl, wAny, noBias, yl, st, pd, pd, fpd));
				src = scratch(xl);
				diffDst = scratch(yl);
				backward.add(reorderStep(x.mem, src));
				backward.add(reorderStep(out.diff, diffDst));
			}
			memory dw = scratch(wpd.diff_weights_desc());
			backward.add(new Step(keep(new convolution_backward_weights(wpd)),
				args(dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_DIFF_DST, diffDst, dnnl.DNNL_ARG_DIFF_WEIGHTS, dw)));
			backward.add(reorderStep(dw, over(c.gradPlain, memory.format_tag.oihw, c.oc, c.ic, k, k)));
			if (!needsInputGradient) return;
			convolution_backward_data.primitive_desc dpd = keep(new convolution_backward_data.primitive_desc(eng,
				dnnl.algorithm.convolution_direct, x.desc, wAny, out.desc, st, pd, pd, fpd));
			memory wb = dpd.weights_desc().equals(wf.get_desc()) ? wf : weights(plain, dpd.weights_desc());
			memory dx = scratch(x.desc);
			backward.add(new Step(keep(new convolution_backward_data(dpd)),
				args(dnnl.DNNL_ARG_DIFF_DST, out.diff, dnnl.DNNL_ARG_WEIGHTS, wb, dnnl.DNNL_ARG_DIFF_SRC, dx)));
			addDiff(x, dx, true);
		});
		return out;
	}

	/** The primitive's weight layout, refreshed from the plain master copy at the start of each step. */
	memory weights(memory plain, memory.desc layout) {
		memory m = scratch(layout);
		refresh.add(reorderStep(plain, m));
		return m;
	}

	@Override
	public Act bnRelu(Act x, String name) {
		DenseNetParameters.Bn b = params.bns.get(name);
		bnCount.put(name, (long) n * x.h * x.w);
		int flags = dnnl.dnnl_use_scale | dnnl.dnnl_use_shift | dnnl.dnnl_fuse_norm_relu | (train ? 0 : dnnl.dnnl_use_global_stats);
		batch_normalization_forward.primitive_desc fpd = keep(new batch_normalization_forward.primitive_desc(eng,
			dnnl.dnnl_forward_training, x.desc, x.desc, b.eps, flags));
		Act out = new Act(scratch(fpd.dst_desc()), x.c, x.h, x.w);
		memory ws = scratch(fpd.workspace_desc());
		memory scale = over(b.gammaN, memory.format_tag.x, x.c), shift = over(b.betaN, memory.format_tag.x, x.c);
		memory mean = over(train ? b.batchMean : b.meanN, memory.format_tag.x, x.c);
		memory var = over(train ? b.batchVar : b.varN, memory.format_tag.x, x.c);
		forward.add(new Step(keep(new batch_normalization_forward(fpd)), args(dnnl.DNNL_ARG_SRC, x.mem, dnnl.DNNL_ARG_DST, out.mem,
			dnnl.DNNL_ARG_SCALE, scale, dnnl.DNNL_ARG_SHIFT, shift, dnnl.DNNL_ARG_MEAN, mean, dnnl.DNNL_ARG_VARIANCE, var,
			dnnl.DNNL_ARG_WORKSPACE, ws)));
		backwardBuilders.add(() -> {
			batch_normalization_backward.primitive_desc bpd = keep(new batch_normalization_backward.primitive_desc(eng,
				train ? dnnl.dnnl_backward : dnnl.dnnl_backward_data, x.desc, out.desc, x.desc, b.eps, flags, fpd));
			memory dx = scratch(x.desc);
			// oneDNN asks for the gamma and beta gradients even when frozen; they are not used then.
			backward.add(new Step(keep(new batch_normalization_backward(bpd)), args(dnnl.DNNL_ARG_SRC, x.mem,
				dnnl.DNNL_ARG_MEAN, mean, dnnl.DNNL_ARG_VARIANCE, var, dnnl.DNNL_ARG_DIFF_DST, out.diff,
				dnnl.DNNL_ARG_SCALE, scale, dnnl.DNNL_ARG_WORKSPACE, ws, dnnl.DNNL_ARG_DIFF_SRC, dx,
				dnnl.DNNL_ARG_DIFF_SCALE, over(b.dGamma, memory.format_tag.x, x.c),
				dnnl.DNNL_ARG_DIFF_SHIFT, over(b.dBeta, memory.format_tag.x, x.c))));
			addDiff(x, dx, true);
		});
		return out;
	}

	Act pool(Act x, dnnl.algorithm alg, int k, int stride, int pad) {
		int oh = DenseNetSpec.outSize(x.h, k, stride, pad), ow = DenseNetSpec.outSize(x.w, k, stride, pad);
		long[] st = {stride, stride}, ks = {k, k}, dil = {0, 0}, pd = {pad, pad};
		pooling_forward.primitive_desc fpd = keep(new pooling_forward.primitive_desc(eng, dnnl.prop_kind.forward_training, alg,
			x.desc, desc(blocked, n, x.c, oh, ow), st, ks, dil, pd, pd));
		Act out = new Act(scratch(fpd.dst_desc()), x.c, oh, ow);
		boolean max = alg == dnnl.algorithm.pooling_max;
		memory ws = max ? scratch(fpd.workspace_desc()) : null;
		forward.add(new Step(keep(new pooling_forward(fpd)), max
			? args(dnnl.DNNL_ARG_SRC, x.mem, dnnl.DNNL_ARG_DST, out.mem, dnnl.DNNL_ARG_WORKSPACE, ws)
			: args(dnnl.DNNL_ARG_SRC, x.mem, dnnl.DNNL_ARG_DST, out.mem)));
		backwardBuilders.add(() -> {
			pooling_backward.primitive_desc bpd = keep(new pooling_backward.primitive_desc(eng, alg, x.desc, out.desc, st, ks, dil, pd, pd, fpd));
			memory dx = scratch(x.desc);
			backward.add(new Step(keep(new pooling_backward(bpd)), max
				? args(dnnl.DNNL_ARG_DIFF_DST, out.diff, dnnl.DNNL_ARG_DIFF_SRC, dx, dnnl.DNNL_ARG_WORKSPACE, ws)
				: args(dnnl.DNNL_ARG_DIFF_DST, out.diff, dnnl.DNNL_ARG_DIFF_SRC, dx)));
			addDiff(x, dx, true);
		});
		return out;
	}

	@Override
	public Act concat(Act a, Act b) {
		memory_desc_vector srcs = keep(new memory_desc_vector(a.desc, b.desc));
		concat.primitive_desc fpd = keep(new concat.primitive_desc(eng, desc(blocked, n, a.c + b.c, a.h, a.w), 1, srcs));
		Act out = new Act(scratch(fpd.dst_desc()), a.c + b.c, a.h, a.w);
		out.concatenated = true;
		forward.add(new Step(keep(new concat(fpd)),
			args(dnnl.DNNL_ARG_MULTIPLE_SRC, a.mem, dnnl.DNNL_ARG_MULTIPLE_SRC + 1, b.mem, dnnl.DNNL_ARG_DST, out.mem)));
		backwardBuilders.add(() -> {
			// The gradient of a concatenation is its channel slices. Within a dense block the leading slice
			// is the previous concatenation's gradient without a copy (see Act.diffSlice).
			ChannelSlice whole = out.diffSlice != null ? out.diffSlice : ChannelSlice.whole(out.diff, n, out.c, out.h, out.w);
			addDiff(b, whole.sub(a.c, b.c));
			if (a.concatenated && a.diff == null) a.diffSlice = whole.sub(0, a.c);
			else addDiff(a, whole.sub(0, a.c));
		});
		return out;
	}
}
