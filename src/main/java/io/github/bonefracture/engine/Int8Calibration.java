package io.github.bonefracture.engine;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.nets.ActivationRanges;
import io.github.bonefracture.backend.Backend;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.stream.IntStream;

/**
 * Measures a trained DenseNet's int8 calibration on its training images, so
 * that the model file carries it and int8 inference needs nothing else.
 */
final class Int8Calibration {
	private Int8Calibration() {}

	/** The largest values settle after a few batches; more images only cost time. */
	static final int MAX_IMAGES = 256;

	/**
	 * The calibration the backend measures; empty (said on progress) where
	 * it measures none: the model file then has none and runs in float only.
	 */
	static java.util.Optional<ActivationRanges> measure(ComputationGraph net, LoadedImages images, int batchSize, Backend backend, Progress progress) {
		if (images.size() == 0) return java.util.Optional.empty();
		int n = Math.min(images.size(), MAX_IMAGES);
		// Batches read as they are measured: memory for one batch, not for every image.
		Iterable<float[]> batches = () -> IntStream.iterate(0, from -> from < n, from -> from + batchSize).mapToObj(from -> {
			progress.checkCanceled();
			return images.batch(IntStream.range(from, Math.min(n, from + batchSize)).toArray(), null, null).values;
		}).iterator();
		java.util.Optional<ActivationRanges> r = backend.int8Ranges(net, batches, images.preprocessing().height(), images.preprocessing().width());
		if (r.isEmpty()) {
			progress.info("No int8 calibration in this model (the " + backend.name() + " backend measures none for it); it runs in float only");
			return r;
		}
		progress.info("int8 calibration measured on " + r.get().images + " training images");
		return r;
	}
}
