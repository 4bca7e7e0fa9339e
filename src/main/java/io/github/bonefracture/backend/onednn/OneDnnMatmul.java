package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;

import java.util.List;

/**
 * A large single-precision matrix multiply on oneDNN: the benchmark's
 * measure of what this CPU can do, beside the same through ND4J's BLAS
 * (OpenBLAS), which reaches less of the machine on some CPUs.
 */
public final class OneDnnMatmul {
	private OneDnnMatmul() {}

	/**
	 * GFLOP/s of an n x n by n x n float multiply as oneDNN runs it fastest:
	 * the weights in the blocked layout the primitive chooses (format any,
	 * reordered once, as a network's weights are), the best of several timed
	 * runs after warm-up. Plain row-major weights make the primitive pack them
	 * on every call, which reads less than half of the machine on AVX-512 CPUs.
	 */
	public static double gflops(int n, int reps) {
		try (DnnPlan p = new DnnPlan() {}) {
			memory a = p.scratch(p.desc(memory.format_tag.ab, n, n)), c = p.scratch(p.desc(memory.format_tag.ab, n, n));
			matmul.primitive_desc pd = p.keep(new matmul.primitive_desc(p.eng, a.get_desc(), p.desc(memory.format_tag.any, n, n), c.get_desc()));
			memory b = p.scratch(pd.weights_desc());
			List<DnnPlan.Step> steps = List.of(new DnnPlan.Step(p.keep(new matmul(pd)),
				p.args(dnnl.DNNL_ARG_SRC, a, dnnl.DNNL_ARG_WEIGHTS, b, dnnl.DNNL_ARG_DST, c)));
			for (int i = 0; i < 3; i++) p.run(steps);
			double best = Double.MAX_VALUE;
			for (int i = 0; i < reps; i++) {
				long t = System.nanoTime();
				p.run(steps);
				best = Math.min(best, (System.nanoTime() - t) / 1e9);
			}
			return 2.0 * n * n * n / best / 1e9;
		}
	}
}
