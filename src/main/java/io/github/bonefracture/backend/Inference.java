package io.github.bonefracture.backend;

/** A whole classifier at inference, over batches in NCHW order. */
public interface Inference extends AutoCloseable {

	/** One batch's answer: P(fracture) per image, and the feature layer's maps (or null). */
	final class Output {
		public final double[] probabilities;
		/** [n, c, h, w] in C order, or null when not asked for or the network has no feature layer. */
		public final float[] features;
		public final int[] featureShape;

		public Output(double[] probabilities, float[] features, int[] featureShape) {
			this.probabilities = probabilities;
			this.features = features;
			this.featureShape = featureShape;
		}
	}

	/** x in C order of the given shape: [n, c, h, w] for a network on images, [n, width] for a head on pooled features. */
	Output run(float[] x, long[] shape, boolean withFeatures);

	/** The graph's parameters changed: read them again. */
	void reload();

	@Override
	void close();
}
