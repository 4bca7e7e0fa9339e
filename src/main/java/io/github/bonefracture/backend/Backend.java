package io.github.bonefracture.backend;

import io.github.bonefracture.nets.ActivationRanges;
import io.github.bonefracture.nets.BatchNormMode;

import java.util.Optional;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What the engine needs computed, whichever library computes it. The DL4J
 * graph holds the parameters in every case (it is what model files store);
 * a backend reads them from it and, after training, writes them back.
 * {@code backend.choice.Backends} chooses the implementation, once.
 */
public interface Backend {

	/** "oneDNN" or "DL4J", for logs and reports. */
	String name();

	/** The instruction set this backend's kernels run with here ("AVX-512 with VNNI", "x86_64"), for the record a model file keeps. */
	default String instructionSet() {
		return System.getProperty("os.arch");
	}

	/**
	 * What computed a result, as model files and summaries record it: the
	 * backend, its instruction set and the thread count (results repeat to
	 * the bit only for the same three), and the CPU by name.
	 */
	default java.util.Map<String, String> record() {
		java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
		m.put("backend", name());
		m.put("instructionSet", instructionSet());
		m.put("threads", String.valueOf(Backend.threads()));
		m.put("cpu", io.github.bonefracture.core.CpuName.of());
		return m;
	}

	/**
	 * DenseNet's frozen base of g (everything up to its last ReLU): pooled
	 * features for the head, feature maps for the heatmap. bfloat16 where
	 * {@link #bf16Native} says it is fast, else float.
	 */
	BaseFeatures base(ComputationGraph g, boolean bf16);

	/**
	 * The whole network at inference: P(fracture) per image, and the feature
	 * layer's maps when asked; bfloat16 as for {@link #base}.
	 */
	Inference inference(ComputationGraph g, String featureLayer, String outputLayer, boolean bf16);

	/**
	 * Training of g's parameters (a whole network, or a head graph on pooled
	 * features); g already carries the phase's updater and frozen layers, mode
	 * and learningRate say the same for a backend that keeps its own copy.
	 */
	Training training(ComputationGraph g, BatchNormMode mode, double learningRate, long seed);

	/** Whether bfloat16 takes effect for g's base here (native bfloat16 on this CPU); else float runs. */
	boolean bf16Native(ComputationGraph g);

	/** Why bfloat16 does not take effect for g here (float runs instead); empty where it does. */
	default Optional<String> bf16Refusal(ComputationGraph g) {
		return bf16Native(g) ? Optional.empty() : Optional.of("the " + name() + " backend computes this model in float only");
	}

	/**
	 * Why 8-bit integer inference of g in these ranges (null: the model has
	 * none) cannot run here, so that float runs; empty where it can.
	 */
	default Optional<String> int8Refusal(ComputationGraph g, ActivationRanges ranges) {
		return Optional.of("the " + name() + " backend computes in float only (choose backend onednn or auto)");
	}

	/** Whether this CPU has 8-bit dot-product instructions (VNNI, AMX) for this backend's int8 path: where int8 is chosen unasked. */
	default boolean int8DotProducts() {
		return false;
	}

	/** This backend with int8 convolutions in these ranges; ask {@link #int8Refusal} first. */
	default Backend int8(ActivationRanges ranges) {
		throw new UnsupportedOperationException(int8Refusal(null, ranges).orElse("no int8 here"));
	}

	/**
	 * The int8 calibration of a DenseNet g: the largest activation of each
	 * layer over these batches of preprocessed images (h x w), or empty where
	 * this backend measures none.
	 */
	default Optional<ActivationRanges> int8Ranges(ComputationGraph g, Iterable<float[]> batches, int h, int w) {
		return Optional.empty();
	}

	/**
	 * The threads the native libraries compute with: OpenMP's OMP_NUM_THREADS
	 * when set, else every processor this JVM may use (OpenMP's own default).
	 */
	static int threads() {
		String omp = System.getenv("OMP_NUM_THREADS");
		if (omp != null) {
			try {
				int n = Integer.parseInt(omp.split(",")[0].trim());
				if (n > 0) return n;
			} catch (NumberFormatException e) {
				// OpenMP ignores a value it cannot read; so does this record.
			}
		}
		return Runtime.getRuntime().availableProcessors();
	}

}
