package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.backend.Inference;
import io.github.bonefracture.nets.ActivationRanges;
import io.github.bonefracture.nets.DenseNet121;
import io.github.bonefracture.nets.NativeRuntime;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * One process's answers on each inference path, for InferenceRepeatsTest:
 * a small DenseNet (the demo's shape: 96 px, 2 layers per block, growth 8)
 * built from fixed seeds, its int8 calibration measured, then P(fracture)
 * of 4 images by float, bfloat16 (where native) and int8, printed as the
 * bits of each double, twice per path from fresh plans.
 */
public final class InferenceRun {
	static final int SIZE = 96, BATCH = 4;

	private InferenceRun() {}

	public static void main(String[] args) {
		NativeRuntime.configure();
		ComputationGraph g = DenseNet121.builder().inputSize(SIZE, SIZE).blocks(2, 2, 2, 2).growthRate(8).stemFilters(16).seed(3).build().init();
		g = io.github.bonefracture.engine.TinyNets.withTrainedLookingBatchNorm(g, 4);
		long[] shape = {BATCH, 3, SIZE, SIZE};
		Nd4j.getRandom().setSeed(1);
		float[] calibration = Nd4j.rand(shape).data().asFloat();
		Nd4j.getRandom().setSeed(2);
		float[] x = Nd4j.rand(shape).data().asFloat();
		Backend onednn = Backends.onednn();
		ActivationRanges ranges = onednn.int8Ranges(g, List.of(calibration), SIZE, SIZE).orElseThrow();
		StringBuilder out = new StringBuilder();
		for (String path : List.of("float", "bf16", "int8")) {
			if (path.equals("bf16") && !onednn.bf16Native(g)) continue;
			Backend b = path.equals("int8") ? onednn.int8(ranges) : onednn;
			for (int round = 0; round < 2; round++) {
				try (Inference inference = b.inference(g, null, DenseNet121.OUTPUT, path.equals("bf16"))) {
					out.append(path);
					for (double p : inference.run(x, shape, false).probabilities) out.append(' ').append(Long.toHexString(Double.doubleToLongBits(p)));
					out.append('\n');
				}
			}
		}
		System.out.print(out);
	}
}
