package io.github.bonefracture.gan;

import static org.junit.jupiter.api.Assertions.*;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

import org.junit.jupiter.api.Test;

class GanPartsTest {

	/** Augmentation is linear in the image up to brightness, so backward must be its adjoint: <A x, g> = <x, A^T g> (brightness cancels in the difference). */
	@Test
	void diffAugmentBackwardIsTheAdjointOfForward() {
		int n = 3, s = 16;
		Random rng = new Random(1);
		float[] x = new float[n * s * s], g = new float[n * s * s], zero = new float[n * s * s];
		for (int i = 0; i < x.length; i++) {
			x[i] = rng.nextFloat();
			g[i] = (float) rng.nextGaussian();
		}
		DiffAugment a = DiffAugment.draw(n, s, new Random(5));
		float[] ax = a.forward(x), a0 = a.forward(zero), atg = a.backward(g);
		double left = 0, right = 0;
		for (int i = 0; i < x.length; i++) {
			left += (ax[i] - a0[i]) * g[i];
			right += x[i] * atg[i];
		}
		assertEquals(left, right, 1e-3 * Math.max(1, Math.abs(left)));
		// Something was cut out or shifted in: the augmentation is not the identity.
		int unchanged = 0;
		for (int i = 0; i < x.length; i++) if (ax[i] == x[i]) unchanged++;
		assertTrue(unchanged < x.length / 2);
	}

	@Test
	void frechetDistanceOfGaussiansIsTheClosedForm() {
		Random rng = new Random(3);
		int n = 20000;
		double[][] a = new double[n][1], b = new double[n][1];
		for (int i = 0; i < n; i++) {
			a[i][0] = rng.nextGaussian();
			b[i][0] = 2 + 3 * rng.nextGaussian();
		}
		// (m1 - m2)^2 + (s1 - s2)^2 = 4 + 4 in one dimension.
		assertEquals(8, FrechetDistance.between(a, b), 0.3);
		double[][] c = new double[200][5];
		for (double[] r : c) for (int j = 0; j < 5; j++) r[j] = rng.nextGaussian();
		assertEquals(0, FrechetDistance.between(c, c), 1e-6);
	}

	@Test
	void spectralBoundKeepsEveryDiscriminatorWeightAtMostOne() {
		GanConfig c = GanTrainerTest.tiny(1);
		MultiLayerNetwork d = new MultiLayerNetwork(GanNetworks.discriminator(c));
		d.init();
		d.params().muli(50);
		SpectralBound bound = new SpectralBound(d, 1);
		for (int i = 0; i < 30; i++) bound.apply();
		for (int i = 0; i < d.getnLayers(); i++) {
			INDArray w = d.getLayer(i).getParam("W");
			double[][] m = (w.rank() == 2 ? w.transpose() : w.reshape('c', w.size(0), w.length() / w.size(0))).toDoubleMatrix();
			double sigma = new SingularValueDecomposition(new Array2DRowRealMatrix(m)).getNorm();
			assertTrue(sigma < 1.01, "layer " + i + " largest singular value " + sigma);
			assertTrue(sigma > 0.9, "layer " + i + " was scaled down to its bound, not below: " + sigma);
		}
	}
}
