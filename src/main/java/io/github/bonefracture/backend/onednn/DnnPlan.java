package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_desc_base;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every oneDNN plan needs: an engine and stream, the native objects it
 * owns (freed together on close), and an ordered list of primitive calls
 * with their arguments, built once per input shape and replayed per batch.
 */
abstract class DnnPlan implements AutoCloseable {

	/** One primitive call with its arguments. */
	static final class Step {
		final primitive p;
		final IntMemoryMap args;

		Step(primitive p, IntMemoryMap args) {
			this.p = p;
			this.args = args;
		}
	}

	/** oneDNN's activation layout for a channel block of 16, 8 or 1 (plain). */
	static memory.format_tag tag(int block) {
		return block == 16 ? memory.format_tag.nChw16c : block == 8 ? memory.format_tag.nChw8c : memory.format_tag.nchw;
	}

	/** The channel block of one of {@link #tag}'s blocked layouts (16 or 8), 0 for any other layout. */
	static int channelBlock(memory.format_tag layout) {
		for (int block : new int[] {16, 8}) if (tag(block) == layout) return block;
		return 0;
	}

	/**
	 * Why oneDNN cannot build every kind of primitive both DenseNet paths use
	 * on this CPU, in the activation layout they use; empty when it can. Only
	 * descriptors are made (about a millisecond), nothing runs.
	 */
	static java.util.Optional<String> probe() {
		try (DnnPlan p = new DnnPlan() {}) {
			memory.format_tag tag = tag(widestBlock());
			memory.desc x = p.desc(tag, 2, 16, 8, 8), y = p.desc(tag, 2, 16, 8, 8), half = p.desc(tag, 2, 16, 4, 4);
			memory.desc w = p.desc(memory.format_tag.any, 16, 16, 3, 3), none = p.keep(new memory.desc());
			long[] one = {1, 1}, two = {2, 2}, zero = {0, 0};
			org.bytedeco.dnnl.convolution_forward.primitive_desc conv = p.keep(new org.bytedeco.dnnl.convolution_forward.primitive_desc(p.eng,
				dnnl.prop_kind.forward_training, dnnl.algorithm.convolution_direct, x, w, none, y, one, one, one));
			p.keep(new org.bytedeco.dnnl.convolution_backward_data.primitive_desc(p.eng, dnnl.algorithm.convolution_direct, x, w, y, one, one, one, conv));
			p.keep(new org.bytedeco.dnnl.convolution_backward_weights.primitive_desc(p.eng, dnnl.algorithm.convolution_direct, x, w, none, y, one, one, one, conv));
			int flags = dnnl.dnnl_use_scale | dnnl.dnnl_use_shift | dnnl.dnnl_fuse_norm_relu;
			org.bytedeco.dnnl.batch_normalization_forward.primitive_desc bn = p.keep(new org.bytedeco.dnnl.batch_normalization_forward.primitive_desc(
				p.eng, dnnl.dnnl_forward_training, x, x, 1e-5f, flags));
			p.keep(new org.bytedeco.dnnl.batch_normalization_backward.primitive_desc(p.eng, dnnl.dnnl_backward, x, x, x, 1e-5f, flags, bn));
			org.bytedeco.dnnl.pooling_forward.primitive_desc pool = p.keep(new org.bytedeco.dnnl.pooling_forward.primitive_desc(p.eng,
				dnnl.prop_kind.forward_training, dnnl.algorithm.pooling_max, x, half, two, two, zero, zero, zero));
			p.keep(new org.bytedeco.dnnl.pooling_backward.primitive_desc(p.eng, dnnl.algorithm.pooling_max, x, half, two, two, zero, zero, zero, pool));
			p.keep(new org.bytedeco.dnnl.concat.primitive_desc(p.eng, p.desc(tag, 2, 32, 8, 8), 1, p.keep(new org.bytedeco.dnnl.memory_desc_vector(x, y))));
			return java.util.Optional.empty();
		} catch (RuntimeException e) {
			return java.util.Optional.of("oneDNN cannot build DenseNet's primitives on this CPU (" + dnnl.get_effective_cpu_isa() + "): " + e.getMessage());
		}
	}

	/** Channels per block of oneDNN's fastest activation layout here: 16 with AVX-512 (or AMX), else 8. */
	static int widestBlock() {
		String isa = String.valueOf(dnnl.get_effective_cpu_isa());
		return isa.contains("avx512") || isa.contains("amx") ? 16 : 8;
	}

	/** oneDNN's name for the implementation it chose ("jit:avx2", "ref:any", ...). */
	static String implementation(primitive_desc_base pd) {
		return pd.impl_info_str().getString();
	}

	/** Whether oneDNN chose its generic reference code, many times slower than its jit kernels. */
	static boolean reference(primitive_desc_base pd) {
		return implementation(pd).startsWith("ref");
	}

	/** The steps that run reference code, each as "kind implementation"; a plan should have none. */
	static List<String> referenceSteps(List<Step> steps) {
		List<String> found = new ArrayList<>();
		for (Step s : steps) {
			try (primitive_desc_base pd = new primitive_desc_base(s.p.get_dnnl_primitive_desc(), true)) {
				if (reference(pd)) found.add(s.p.get_kind() + " " + implementation(pd));
			}
		}
		return found;
	}

	static boolean has(ComputationGraph g, String vertex) {
		return g.getConfiguration().getVertices().containsKey(vertex);
	}

	static double epsilon(ComputationGraph g, String layer) {
		org.deeplearning4j.nn.conf.layers.Layer conf = g.getLayer(layer).conf().getLayer();
		if (conf instanceof FrozenLayer) conf = ((FrozenLayer) conf).getLayer();
		return ((BatchNormalization) conf).getEps();
	}

	final engine eng = new engine(engine.kind.cpu, 0);
	final stream stream = new stream(eng);
	final List<Pointer> keep = new ArrayList<>();
	/** Weight and statistics uploads, in build order, to run again when the graph's parameters change. */
	final List<Runnable> loads = new ArrayList<>();

	<T extends Pointer> T keep(T p) {
		keep.add(p);
		return p;
	}

	memory.desc desc(memory.format_tag tag, long... dims) {
		return desc(memory.data_type.f32, tag, dims);
	}

	memory.desc desc(memory.data_type type, memory.format_tag tag, long... dims) {
		return keep(new memory.desc(dims, type, tag));
	}

	/**
	 * Float data (a 1-D vector or OIHW weights) computed from the graph, in
	 * oneDNN memory of the given layout (or plain, target null); computed
	 * again on {@link #reload}.
	 */
	memory constant(Supplier<float[]> data, long[] dims, memory.format_tag plainTag, memory.desc target) {
		FloatPointer fp = keep(new FloatPointer(java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b)));
		memory plain = keep(new memory(keep(new memory.desc(dims, memory.data_type.f32, plainTag)), eng, fp));
		memory m = target == null ? plain : scratch(target);
		Step convert = target == null ? null : reorderStep(plain, m);
		Runnable load = () -> {
			fp.put(data.get());
			if (convert != null) convert.p.execute(stream, convert.args);
		};
		load.run();
		loads.add(load);
		return m;
	}

	void reload() {
		for (Runnable r : loads) r.run();
		stream._wait();
	}

	/** New memory, zeroed: some backward primitives (average pooling) leave the cells no output covers untouched. */
	memory scratch(memory.desc d) {
		memory m = keep(new memory(d, eng));
		Pointer.memset(m.get_data_handle(), 0, d.get_size());
		return m;
	}

	/** oneDNN memory over native floats the caller fills, in a plain layout. */
	memory over(FloatPointer data, memory.format_tag tag, long... dims) {
		return keep(new memory(desc(tag, dims), eng, data));
	}

	IntMemoryMap args(Object... kv) {
		IntMemoryMap m = keep(new IntMemoryMap());
		for (int i = 0; i < kv.length; i += 2) m.put((Integer) kv[i], (memory) kv[i + 1]);
		return m;
	}

	/** Copies from into to, converting the layout. */
	Step reorderStep(memory from, memory to) {
		return new Step(keep(new reorder(from, to)), args(dnnl.DNNL_ARG_FROM, from, dnnl.DNNL_ARG_TO, to));
	}

	/**
	 * A primitive adding one tensor of layout d into another in place
	 * (oneDNN's binary add: its reorder with a sum post-op runs generic code,
	 * two to three times slower), for {@link #addStep}.
	 */
	primitive adder(memory.desc d) {
		return keep(new binary(keep(new binary.primitive_desc(eng, dnnl.algorithm.binary_add, d, d, d))));
	}

	/** to += from, with an adder of their layout. */
	Step addStep(primitive adder, memory from, memory to) {
		return new Step(adder, args(dnnl.DNNL_ARG_SRC_0, to, dnnl.DNNL_ARG_SRC_1, from, dnnl.DNNL_ARG_DST, to));
	}

	void run(List<Step> steps) {
		try {
			for (Step s : steps) s.p.execute(stream, s.args);
			stream._wait();
		} catch (RuntimeException e) {
			throw failed("running DenseNet", e);
		}
	}

	/** What a user is told when oneDNN itself fails (its own messages name no way out). */
	static IllegalStateException failed(String what, RuntimeException e) {
		return new IllegalStateException("oneDNN failed " + what + " (" + e.getMessage() + "); choose the DL4J backend instead "
			+ "(macro key backend=dl4j, command line --backend dl4j)", e);
	}

	@Override
	public void close() {
		for (int i = keep.size() - 1; i >= 0; i--) keep.get(i).close();
		keep.clear();
	}
}
