package io.github.bonefracture.nets;

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
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Trains a whole DenseNet (base and head) on oneDNN directly: forward and
 * backward passes with activations in oneDNN's blocked layout from the stem
 * to the last ReLU, fused BatchNorm+ReLU with its own forward statistics and
 * backward, concatenation undone by slicing gradients instead of copying the
 * graph. The head (global average pooling, dropout, one sigmoid unit, binary
 * cross-entropy) and Adam run in Java on plain arrays. BatchNorm either
 * trains (batch statistics, moving averages updated, gamma and beta learned)
 * or stays frozen in inference mode with gradients passing through it, the
 * reference protocol's fine-tuning. Starts from a DL4J graph built by
 * {@link DenseNet121} and writes the result back into it with
 * {@link #copyInto}, so model files and the DL4J reference path are
 * unchanged. One step at a time.
 */
public final class OneDnnDenseNetTraining implements AutoCloseable {

	private static final double BETA1 = 0.9, BETA2 = 0.999, ADAM_EPS = 1e-8;

	/** A trainable tensor with its gradient and Adam's moments. */
	static final class Param {
		final float[] value, grad, m, v;

		Param(float[] value) {
			this.value = value;
			this.grad = new float[value.length];
			this.m = new float[value.length];
			this.v = new float[value.length];
		}
	}

	private static final class Conv {
		final Param w;
		final int oc, ic, k;
		final FloatPointer plain, gradPlain;

		Conv(float[] w, int oc, int ic, int k) {
			this.w = new Param(w);
			this.oc = oc;
			this.ic = ic;
			this.k = k;
			this.plain = new FloatPointer(w.length);
			this.gradPlain = new FloatPointer(w.length);
		}
	}

	private static final class Bn {
		final Param gamma, beta;
		final float[] mean, var;
		final float eps, decay;
		final FloatPointer gammaN, betaN, meanN, varN, batchMean, batchVar, dGamma, dBeta;

		Bn(float[] gamma, float[] beta, float[] mean, float[] var, float eps, float decay) {
			this.gamma = new Param(gamma);
			this.beta = new Param(beta);
			this.mean = mean;
			this.var = var;
			this.eps = eps;
			this.decay = decay;
			int c = gamma.length;
			gammaN = new FloatPointer(c);
			betaN = new FloatPointer(c);
			meanN = new FloatPointer(c);
			varN = new FloatPointer(c);
			batchMean = new FloatPointer(c);
			batchVar = new FloatPointer(c);
			dGamma = new FloatPointer(c);
			dBeta = new FloatPointer(c);
		}
	}

	private final DnnPlan.Shape shape;
	private final BatchNormMode mode;
	private final double learningRate;
	private final double keep;
	private final SplittableRandom dropoutRng;
	private final Map<String, Conv> convs = new LinkedHashMap<>();
	private final Map<String, Bn> bns = new LinkedHashMap<>();
	private final Param headW, headB;
	private final String outputLayer;
	private final Map<String, Plan> plans = new HashMap<>();
	private int t;

	private OneDnnDenseNetTraining(ComputationGraph g, BatchNormMode mode, double learningRate, long seed) {
		this.shape = new DnnPlan.Shape(g);
		this.mode = mode;
		this.learningRate = learningRate;
		this.dropoutRng = new SplittableRandom(seed);
		this.outputLayer = DenseNet121.OUTPUT;
		IDropout d = ((DropoutLayer) g.getLayer(DenseNet121.DROPOUT).conf().getLayer()).getIDropout();
		this.keep = d instanceof Dropout ? ((Dropout) d).getP() : 1.0;
		for (org.deeplearning4j.nn.api.Layer l : g.getLayers()) {
			String name = l.conf().getLayer().getLayerName();
			if (name.equals(outputLayer)) continue;
			if (l.paramTable().containsKey(BatchNormalizationParamInitializer.GLOBAL_VAR)) {
				BatchNormalization c = (BatchNormalization) l.conf().getLayer();
				bns.put(name, new Bn(DnnPlan.param(g, name, BatchNormalizationParamInitializer.GAMMA),
					DnnPlan.param(g, name, BatchNormalizationParamInitializer.BETA),
					DnnPlan.param(g, name, BatchNormalizationParamInitializer.GLOBAL_MEAN),
					DnnPlan.param(g, name, BatchNormalizationParamInitializer.GLOBAL_VAR), (float) c.getEps(), (float) c.getDecay()));
			} else if (l.paramTable().containsKey("W")) {
				long[] s = l.getParam("W").shape();
				convs.put(name, new Conv(DnnPlan.param(g, name, "W"), (int) s[0], (int) s[1], (int) s[2]));
			}
		}
		headW = new Param(DnnPlan.param(g, outputLayer, "W"));
		headB = new Param(DnnPlan.param(g, outputLayer, "b"));
	}

	/** Training of g's parameters (copied in now) with a fresh Adam at the given learning rate. */
	public static OneDnnDenseNetTraining of(ComputationGraph g, BatchNormMode mode, double learningRate, long seed) {
		return new OneDnnDenseNetTraining(g, mode, learningRate, seed);
	}

	/**
	 * One Adam step on a batch: x in NCHW order, y the 0/1 targets, weights
	 * per image (null: all 1). The loss is the weighted mean cross-entropy.
	 */
	public synchronized StepResult fit(float[] x, int n, int h, int w, float[] y, float[] weights) {
		StepResult r = gradients(x, n, h, w, y, weights);
		update();
		return r;
	}

	/** Forward and backward only: fills the gradients (of the mean loss) without changing a parameter. */
	synchronized StepResult gradients(float[] x, int n, int h, int w, float[] y, float[] weights) {
		if (x.length != (long) n * shape.inChannels * h * w)
			throw new IllegalArgumentException("input has " + x.length + " values, expected " + n + "x" + shape.inChannels + "x" + h + "x" + w);
		Plan p = plan(n, h, w);
		for (Conv c : convs.values()) c.plain.put(c.w.value);
		for (Bn b : bns.values()) {
			b.gammaN.put(b.gamma.value);
			b.betaN.put(b.beta.value);
			b.meanN.put(b.mean);
			b.varN.put(b.var);
		}
		// A short batch in a bigger plan: the rest of the input is zeros, and its gradient below stays zero.
		p.input.put(p.n > n ? java.util.Arrays.copyOf(x, p.n * shape.inChannels * h * w) : x);
		p.run(p.refresh);
		p.run(p.forward);

		// Head in Java: global average pooling, inverted dropout, one unit, sigmoid cross-entropy.
		int c = p.featC, per = p.featH * p.featW;
		float[] feat = new float[n * c * per];
		p.features.get(feat);
		float[] dFeat = new float[p.n * c * per];
		float[] logits = new float[n];
		double loss = 0;
		float[] gW = headW.grad, gB = headB.grad;
		java.util.Arrays.fill(gW, 0);
		gB[0] = 0;
		for (int k = 0; k < n; k++) {
			float[] d = new float[c];
			float[] mask = new float[c];
			double z = headB.value[0];
			for (int ch = 0; ch < c; ch++) {
				double s = 0;
				int o = (k * c + ch) * per;
				for (int i = 0; i < per; i++) s += feat[o + i];
				mask[ch] = keep >= 1 ? 1f : dropoutRng.nextDouble() < keep ? (float) (1 / keep) : 0f;
				d[ch] = (float) (s / per) * mask[ch];
				z += d[ch] * headW.value[ch];
			}
			logits[k] = (float) z;
			double wk = weights == null ? 1 : weights[k];
			// log(1 + e^-|z|) form: no overflow for large logits.
			loss += wk * (Math.max(z, 0) - z * y[k] + Math.log1p(Math.exp(-Math.abs(z))));
			double pz = 1 / (1 + Math.exp(-z));
			float dz = (float) (wk * (pz - y[k]) / n);
			gB[0] += dz;
			for (int ch = 0; ch < c; ch++) {
				gW[ch] += dz * d[ch];
				float g = dz * headW.value[ch] * mask[ch] / per;
				int o = (k * c + ch) * per;
				for (int i = 0; i < per; i++) dFeat[o + i] = g;
			}
		}
		p.dFeatures.put(dFeat);
		p.run(p.backward);

		for (Conv cv : convs.values()) cv.gradPlain.get(cv.w.grad);
		if (mode == BatchNormMode.TRAIN) {
			for (Map.Entry<String, Bn> e : bns.entrySet()) {
				Bn b = e.getValue();
				// Moving variance from the unbiased batch variance, as Keras (TensorFlow) and PyTorch keep it.
				long m = p.bnCount.get(e.getKey());
				float bessel = m > 1 ? m / (float) (m - 1) : 1f;
				b.dGamma.get(b.gamma.grad);
				b.dBeta.get(b.beta.grad);
				float[] bm = new float[b.mean.length], bv = new float[b.var.length];
				b.batchMean.get(bm);
				b.batchVar.get(bv);
				for (int i = 0; i < bm.length; i++) {
					b.mean[i] = b.decay * b.mean[i] + (1 - b.decay) * bm[i];
					b.var[i] = b.decay * b.var[i] + (1 - b.decay) * bv[i] * bessel;
				}
			}
		}
		return new StepResult(loss / n, logits);
	}

	/**
	 * The plan for a batch: its own, or with BatchNorm frozen (images then
	 * independent) the smallest plan of the same image size that holds it, so
	 * an epoch's short last batch needs no second set of buffers.
	 */
	private Plan plan(int n, int h, int w) {
		Plan best = plans.get(n + "x" + h + "x" + w);
		if (best == null && mode == BatchNormMode.FROZEN) {
			for (Plan q : plans.values())
				if (q.h == h && q.w == w && q.n > n && (best == null || q.n < best.n)) best = q;
		}
		if (best == null) {
			if (plans.size() >= 3) closePlans();
			try {
				best = new Plan(n, h, w);
			} catch (RuntimeException e) {
				throw DnnPlan.failed("building DenseNet's training for " + n + " images of " + w + "x" + h, e);
			}
			plans.put(n + "x" + h + "x" + w, best);
		}
		return best;
	}

	/** The gradient last computed for a layer's parameter ("W", "gamma", "beta"; the output layer's "W", "b"). */
	float[] gradient(String layer, String key) {
		if (layer.equals(outputLayer)) return (key.equals("b") ? headB : headW).grad.clone();
		if (convs.containsKey(layer)) return convs.get(layer).w.grad.clone();
		Bn b = bns.get(layer);
		return (key.equals(BatchNormalizationParamInitializer.GAMMA) ? b.gamma : b.beta).grad.clone();
	}

	private void update() {
		t++;
		double alpha = learningRate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
		for (Conv c : convs.values()) adam(c.w, alpha);
		if (mode == BatchNormMode.TRAIN) {
			for (Bn b : bns.values()) {
				adam(b.gamma, alpha);
				adam(b.beta, alpha);
			}
		}
		adam(headW, alpha);
		adam(headB, alpha);
	}

	/** DL4J's Adam (its epsilon after the bias-corrected step size), so both paths take the same steps. */
	private static void adam(Param p, double alpha) {
		float[] v = p.value, g = p.grad, m = p.m, s = p.v;
		float b1 = (float) BETA1, b2 = (float) BETA2;
		for (int i = 0; i < v.length; i++) {
			m[i] = b1 * m[i] + (1 - b1) * g[i];
			s[i] = b2 * s[i] + (1 - b2) * g[i] * g[i];
			v[i] -= (float) (alpha * m[i] / (Math.sqrt(s[i]) + ADAM_EPS));
		}
	}

	/** Writes the trained parameters (and BatchNorm's moving statistics) into g, a graph of the same shape. */
	public synchronized void copyInto(ComputationGraph g) {
		for (Map.Entry<String, Conv> e : convs.entrySet()) set(g, e.getKey(), "W", e.getValue().w.value);
		for (Map.Entry<String, Bn> e : bns.entrySet()) {
			Bn b = e.getValue();
			set(g, e.getKey(), BatchNormalizationParamInitializer.GAMMA, b.gamma.value);
			set(g, e.getKey(), BatchNormalizationParamInitializer.BETA, b.beta.value);
			set(g, e.getKey(), BatchNormalizationParamInitializer.GLOBAL_MEAN, b.mean);
			set(g, e.getKey(), BatchNormalizationParamInitializer.GLOBAL_VAR, b.var);
		}
		set(g, outputLayer, "W", headW.value);
		set(g, outputLayer, "b", headB.value);
	}

	private static void set(ComputationGraph g, String layer, String key, float[] v) {
		INDArray p = g.getLayer(layer).getParam(key);
		p.assign(Nd4j.create(v, p.shape(), 'c').castTo(p.dataType()));
	}

	private void closePlans() {
		for (Plan p : plans.values()) p.close();
		plans.clear();
	}

	@Override
	public synchronized void close() {
		closePlans();
		for (Conv c : convs.values()) {
			c.plain.close();
			c.gradPlain.close();
		}
		for (Bn b : bns.values()) {
			for (FloatPointer fp : new FloatPointer[] {b.gammaN, b.betaN, b.meanN, b.varN, b.batchMean, b.batchVar, b.dGamma, b.dBeta}) fp.close();
		}
	}

	/** An activation: its memory, its gradient once a consumer has given one, its size. */
	private static final class Act {
		final memory mem;
		final memory.desc desc;
		final int c, h, w;
		memory diff;

		Act(memory mem, int c, int h, int w) {
			this.mem = mem;
			this.desc = mem.get_desc();
			this.c = c;
			this.h = h;
			this.w = w;
		}
	}

	/** Forward and backward primitives for one input shape; backward steps are collected in reverse. */
	private final class Plan extends DnnPlan implements DnnPlan.DenseNetOps<Act> {
		final int n, h, w;
		final memory.format_tag blocked;
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
		final boolean train = mode == BatchNormMode.TRAIN;
		/** Values per channel each BatchNorm sees in a batch. */
		final Map<String, Long> bnCount = new HashMap<>();

		Plan(int n, int h, int w) {
			this.n = n;
			this.h = h;
			this.w = w;
			this.blocked = Shape.tag(shape.channelBlock());
			input = keep(new FloatPointer((long) n * shape.inChannels * h * w));
			networkInput = new Act(over(input, memory.format_tag.nchw, n, shape.inChannels, h, w), shape.inChannels, h, w);
			Act f = denseNet(shape, networkInput, this);
			featC = f.c;
			featH = f.h;
			featW = f.w;
			features = keep(new FloatPointer((long) n * featC * featH * featW));
			dFeatures = keep(new FloatPointer((long) n * featC * featH * featW));
			forward.add(reorderStep(f.mem, over(features, memory.format_tag.nchw, n, featC, featH, featW), false));
			f.diff = scratch(f.desc);
			backward.add(reorderStep(over(dFeatures, memory.format_tag.nchw, n, featC, featH, featW), f.diff, false));
			for (int i = backwardBuilders.size() - 1; i >= 0; i--) backwardBuilders.get(i).run();
		}

		/** Gives a its gradient from one consumer: the first is taken (or copied), later ones are added. */
		void addDiff(Act a, memory d, boolean owned) {
			if (a.diff == null && owned) {
				a.diff = d;
			} else if (a.diff == null) {
				a.diff = scratch(a.desc);
				backward.add(reorderStep(d, a.diff, false));
			} else {
				backward.add(reorderStep(d, a.diff, true));
			}
		}

		@Override
		public Act convBnRelu(Act x, String conv, String bn, int k, int stride, int pad) {
			return bnRelu(conv(x, conv, k, stride, pad), bn);
		}

		@Override
		public Act maxPool(Act x) {
			return pool(x, dnnl.algorithm.pooling_max, 3, 2, 1);
		}

		@Override
		public Act avgPool(Act x) {
			return pool(x, dnnl.algorithm.pooling_avg_exclude_padding, 2, 2, 0);
		}

		@Override
		public Act conv(Act x, String name, int k, int stride, int pad) {
			boolean needsInputGradient = x != networkInput;
			Conv c = convs.get(name);
			int oh = (x.h + 2 * pad - k) / stride + 1, ow = (x.w + 2 * pad - k) / stride + 1;
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
				memory dw = scratch(wpd.diff_weights_desc());
				backward.add(new Step(keep(new convolution_backward_weights(wpd)),
					args(dnnl.DNNL_ARG_SRC, x.mem, dnnl.DNNL_ARG_DIFF_DST, out.diff, dnnl.DNNL_ARG_DIFF_WEIGHTS, dw)));
				backward.add(reorderStep(dw, over(c.gradPlain, memory.format_tag.oihw, c.oc, c.ic, k, k), false));
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
			refresh.add(reorderStep(plain, m, false));
			return m;
		}

		@Override
		public Act bnRelu(Act x, String name) {
			Bn b = bns.get(name);
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
			int oh = (x.h + 2 * pad - k) / stride + 1, ow = (x.w + 2 * pad - k) / stride + 1;
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
			forward.add(new Step(keep(new concat(fpd)),
				args(dnnl.DNNL_ARG_MULTIPLE_SRC, a.mem, dnnl.DNNL_ARG_MULTIPLE_SRC + 1, b.mem, dnnl.DNNL_ARG_DST, out.mem)));
			backwardBuilders.add(() -> {
				// The gradient of a concatenation is its channel slices, read in place.
				memory.desc head = keep(out.desc.submemory_desc(new long[] {n, a.c, a.h, a.w}, new long[] {0, 0, 0, 0}));
				memory.desc tail = keep(out.desc.submemory_desc(new long[] {n, b.c, a.h, a.w}, new long[] {0, a.c, 0, 0}));
				addDiff(b, keep(new memory(tail, eng, out.diff.get_data_handle())), false);
				addDiff(a, keep(new memory(head, eng, out.diff.get_data_handle())), false);
			});
			return out;
		}
	}
}
