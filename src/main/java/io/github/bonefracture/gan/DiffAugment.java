package io.github.bonefracture.gan;

import java.util.Random;

/**
 * Differentiable augmentation (Zhao et al., 2020, "Differentiable
 * Augmentation for Data-Efficient GAN Training") for grey images: random
 * brightness, contrast, translation by up to an eighth of the side (zero
 * fill) and a cutout of half the side, drawn per image. The discriminator
 * sees only augmented images, real and generated alike, so it cannot
 * memorise a small training set; the generator's gradient flows back
 * through the same augmentation ({@link #backward}).
 */
final class DiffAugment {
	private final int n;
	private final int size;
	private final float[] brightness;
	private final float[] contrast;
	private final int[] dx;
	private final int[] dy;
	private final int[] cutX;
	private final int[] cutY;

	private DiffAugment(int n, int size, Random rng) {
		this.n = n;
		this.size = size;
		brightness = new float[n];
		contrast = new float[n];
		dx = new int[n];
		dy = new int[n];
		cutX = new int[n];
		cutY = new int[n];
		int shift = size / 8;
		for (int i = 0; i < n; i++) {
			brightness[i] = rng.nextFloat() - 0.5f;
			contrast[i] = rng.nextFloat() + 0.5f;
			dx[i] = rng.nextInt(2 * shift + 1) - shift;
			dy[i] = rng.nextInt(2 * shift + 1) - shift;
			// The cutout's centre is anywhere in the image, so the half-side square may hang over the edge, as in the paper.
			cutX[i] = rng.nextInt(size) - size / 4;
			cutY[i] = rng.nextInt(size) - size / 4;
		}
	}

	/** One draw of parameters for n images of size x size. */
	static DiffAugment draw(int n, int size, Random rng) {
		return new DiffAugment(n, size, rng);
	}

	/** images: n x size x size, row-major per image; returns the augmented copy. */
	float[] forward(float[] images) {
		int px = size * size;
		float[] out = new float[images.length];
		float[] tmp = new float[px];
		for (int i = 0; i < n; i++) {
			int o = i * px;
			double mean = 0;
			for (int p = 0; p < px; p++) mean += images[o + p] + brightness[i];
			float m = (float) (mean / px);
			for (int p = 0; p < px; p++) tmp[p] = (images[o + p] + brightness[i] - m) * contrast[i] + m;
			for (int y = 0; y < size; y++) {
				int sy = y - dy[i];
				for (int x = 0; x < size; x++) {
					int sx = x - dx[i];
					boolean inside = sy >= 0 && sy < size && sx >= 0 && sx < size;
					out[o + y * size + x] = inside && !cut(i, x, y) ? tmp[sy * size + sx] : 0f;
				}
			}
		}
		return out;
	}

	/** The gradient with respect to forward's input, given the gradient with respect to its output. */
	float[] backward(float[] grad) {
		int px = size * size;
		float[] out = new float[grad.length];
		float[] tmp = new float[px];
		for (int i = 0; i < n; i++) {
			int o = i * px;
			java.util.Arrays.fill(tmp, 0f);
			for (int y = 0; y < size; y++) {
				int sy = y - dy[i];
				for (int x = 0; x < size; x++) {
					int sx = x - dx[i];
					if (sy >= 0 && sy < size && sx >= 0 && sx < size && !cut(i, x, y)) tmp[sy * size + sx] += grad[o + y * size + x];
				}
			}
			// y_p = c x_p + (1 - c) mean(x) + b: the mean spreads (1 - c) of the summed gradient evenly.
			double sum = 0;
			for (int p = 0; p < px; p++) sum += tmp[p];
			float spread = (float) ((1 - contrast[i]) * sum / px);
			for (int p = 0; p < px; p++) out[o + p] = contrast[i] * tmp[p] + spread;
		}
		return out;
	}

	private boolean cut(int i, int x, int y) {
		int half = size / 2;
		return x >= cutX[i] && x < cutX[i] + half && y >= cutY[i] && y < cutY[i] + half;
	}
}
