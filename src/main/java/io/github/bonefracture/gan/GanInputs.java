package io.github.bonefracture.gan;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/** The two networks' inputs: noise with a one-hot class, and an image with one constant plane per class. */
final class GanInputs {
	private GanInputs() {}

	/** [n, latent + classes]: standard normal noise from rng, then the class as one-hot. */
	static INDArray generator(int latent, int[] classes, Random rng) {
		int n = classes.length, w = latent + GanNetworks.CLASSES;
		float[] v = new float[n * w];
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < latent; k++) v[i * w + k] = (float) rng.nextGaussian();
			v[i * w + latent + classes[i]] = 1f;
		}
		return Nd4j.create(v, new long[] {n, w}, 'c');
	}

	/** [n, 1 + classes, s, s]: the image, then a plane of ones for its class and zeros for the other. */
	static INDArray discriminator(float[] images, int[] classes, int s) {
		int n = classes.length, px = s * s, planes = 1 + GanNetworks.CLASSES;
		float[] v = new float[n * planes * px];
		for (int i = 0; i < n; i++) {
			System.arraycopy(images, i * px, v, i * planes * px, px);
			java.util.Arrays.fill(v, (i * planes + 1 + classes[i]) * px, (i * planes + 2 + classes[i]) * px, 1f);
		}
		return Nd4j.create(v, new long[] {n, planes, s, s}, 'c');
	}
}
