package io.github.bonefracture.engine;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.nets.ActivationRanges;
import io.github.bonefracture.nets.OneDnnDenseNet;

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

	/** The calibration, or null (said on progress) where the network is no DenseNet or oneDNN cannot run. */
	static ActivationRanges measure(ComputationGraph net, LoadedImages images, int batchSize, Progress progress) {
		if (!OneDnnDenseNet.isDenseNet(net) || images.size() == 0) return null;
		String why = OneDnnDenseNet.unavailableReason();
		if (why != null) {
			progress.warn("No int8 calibration in this model (oneDNN cannot run here: " + why + "); it runs in float only");
			return null;
		}
		int n = Math.min(images.size(), MAX_IMAGES);
		// Batches read as they are measured: memory for one batch, not for every image.
		Iterable<float[]> batches = () -> IntStream.iterate(0, from -> from < n, from -> from + batchSize).mapToObj(from -> {
			progress.checkCanceled();
			return images.features(IntStream.range(from, Math.min(n, from + batchSize)).toArray(), null, null).dup('c').data().asFloat();
		}).iterator();
		ActivationRanges r = OneDnnDenseNet.measureRanges(net, batches, images.preprocessing().height(), images.preprocessing().width());
		progress.info("int8 calibration measured on " + r.images + " training images");
		return r;
	}
}
