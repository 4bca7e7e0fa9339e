package io.github.bonefracture.backend;

/** A DenseNet base at inference, over batches in NCHW order. */
public interface BaseFeatures extends AutoCloseable {

	/** Channels of the feature map. */
	int featureChannels();

	/** The last ReLU's output in NCHW order; shapeOut gets {n, channels, height, width}. */
	float[] features(float[] nchw, int n, int h, int w, int[] shapeOut);

	/** The features averaged over the image (DenseNet's avg_pool): one row per image. */
	float[][] pooled(float[] nchw, int n, int h, int w);

	/** The graph's parameters changed (a validation pass after an epoch): read them again. */
	void reload();

	/** Frees what the backend holds outside the Java heap. */
	@Override
	void close();
}
