package io.github.bonefracture.gan;

import io.github.bonefracture.core.InvalidOptionException;

/**
 * How a generator is built and trained. The defaults follow what the
 * literature recommends for small datasets: hinge loss, spectral-norm
 * bounded discriminator, differentiable augmentation of everything the
 * discriminator sees, Adam at 2e-4 with beta1 0.5.
 */
public final class GanConfig {
	public static final int MIN_SIZE = 16;
	public static final int MAX_SIZE = 128;
	public static final int MAX_EPOCHS = 100_000;

	/** Side of the square images, a power of two from 16 to 128. */
	public int imageSize = 64;
	public int latentSize = 64;
	/** Channels of the discriminator's first and the generator's last convolution; doubled per step, up to 8x. */
	public int width = 32;
	public int epochs = 300;
	public int batchSize = 16;
	public double learningRate = 2e-4;
	public double beta1 = 0.5;
	/** DiffAugment (brightness, contrast, translation, cutout) on real and generated images before the discriminator. */
	public boolean diffAugment = true;
	/** Set by whoever trains (the training seed); transient so that settings stored as JSON do not carry a second seed. */
	public transient long seed = 1;

	public GanConfig validate() {
		if (imageSize < MIN_SIZE || imageSize > MAX_SIZE || Integer.bitCount(imageSize) != 1)
			throw new InvalidOptionException("generator_size", imageSize + " is not a power of two from " + MIN_SIZE + " to " + MAX_SIZE);
		if (epochs < 1 || epochs > MAX_EPOCHS) throw new InvalidOptionException("generator_epochs", epochs + " is out of range 1 to " + MAX_EPOCHS);
		if (latentSize < 1 || latentSize > 1024) throw new InvalidOptionException("latent_size", latentSize + " is out of range 1 to 1024");
		if (width < 1 || width > 256) throw new InvalidOptionException("width", width + " is out of range 1 to 256");
		if (batchSize < 2 || batchSize > 1024) throw new InvalidOptionException("batch_size", batchSize + " is out of range 2 to 1024");
		return this;
	}

	/** Up- or down-sampling steps between 4x4 and the image size. */
	int steps() {
		return Integer.numberOfTrailingZeros(imageSize) - 2;
	}

	/** Channels at step i (0 = at 4x4), the widest 8x width. */
	int channels(int i) {
		return width * Math.min(8, 1 << Math.max(0, steps() - 1 - i));
	}

	public GanConfig copy() {
		GanConfig c = new GanConfig();
		c.imageSize = imageSize;
		c.latentSize = latentSize;
		c.width = width;
		c.epochs = epochs;
		c.batchSize = batchSize;
		c.learningRate = learningRate;
		c.beta1 = beta1;
		c.diffAugment = diffAugment;
		c.seed = seed;
		return c;
	}
}
