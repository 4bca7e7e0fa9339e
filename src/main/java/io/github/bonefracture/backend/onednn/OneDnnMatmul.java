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

	/** GFLOP/s of an n x n by n x n float multiply, after two warm-up runs. */
	public static double gflops(int n, int reps) {
		try (DnnPlan p = new DnnPlan() {}) {
			memory a = p.scratch(p.desc(memory.format_tag.ab, n, n)), b = p.scratch(p.desc(memory.format_tag.ab, n, n)),
				c = p.scratch(p.desc(memory.format_tag.ab, n, n));
			matmul.primitive_desc pd = p.keep(new matmul.primitive_desc(p.eng, a.get_desc(), b.get_desc(), c.get_desc()));
			List<DnnPlan.Step> steps = List.of(new DnnPlan.Step(p.keep(new matmul(pd)),
				p.args(dnnl.DNNL_ARG_SRC, a, dnnl.DNNL_ARG_WEIGHTS, b, dnnl.DNNL_ARG_DST, c)));
			for (int i = 0; i < 2; i++) p.run(steps);
			long t = System.nanoTime();
			for (int i = 0; i < reps; i++) p.run(steps);
			return 2.0 * n * n * n * reps / ((System.nanoTime() - t) / 1e9) / 1e9;
		}
	}
}
