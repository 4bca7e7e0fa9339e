package io.github.bonefracture.gan;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Keeps the discriminator 1-Lipschitz layer by layer: after every update each
 * weight matrix (a convolution's kernels flattened per output channel) whose
 * largest singular value exceeds 1 is divided by it. The singular value is
 * estimated by one power iteration per step from a vector kept between steps,
 * as in Miyato et al. (2018), "Spectral Normalization for GANs". This is the
 * projection form: DL4J's layers have no hook for dividing inside the
 * forward pass, so the bound is enforced on the stored weights instead.
 */
final class SpectralBound {
	private final List<INDArray> weights = new ArrayList<>();
	private final List<INDArray> u = new ArrayList<>();

	SpectralBound(MultiLayerNetwork d, long seed) {
		Random rng = new Random(seed);
		for (int i = 0; i < d.getnLayers(); i++) {
			INDArray w = d.getLayer(i).getParam("W");
			if (w == null) continue;
			weights.add(w);
			// DenseLayer W is [in, out]; convolution W is [out, in, kh, kw]: both as rows = outputs.
			long rows = w.rank() == 2 ? w.size(1) : w.size(0);
			float[] v = new float[(int) rows];
			for (int k = 0; k < v.length; k++) v[k] = (float) rng.nextGaussian();
			INDArray uk = Nd4j.create(v, new long[] {rows, 1}, 'c');
			u.add(uk.divi(uk.norm2Number()));
		}
	}

	/** One power iteration per weight, then the projection; returns the largest singular value seen before it. */
	double apply() {
		double largest = 0;
		for (int i = 0; i < weights.size(); i++) {
			INDArray w = weights.get(i);
			INDArray m = w.rank() == 2 ? w.transpose() : w.reshape('c', w.size(0), w.length() / w.size(0));
			INDArray v = m.transpose().mmul(u.get(i));
			v.divi(v.norm2Number().doubleValue() + 1e-12);
			INDArray mu = m.mmul(v);
			double sigma = mu.norm2Number().doubleValue();
			u.get(i).assign(mu.div(sigma + 1e-12));
			largest = Math.max(largest, sigma);
			if (sigma > 1) w.divi(sigma);
		}
		return largest;
	}
}
