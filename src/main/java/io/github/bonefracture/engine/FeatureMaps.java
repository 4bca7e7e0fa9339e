package io.github.bonefracture.engine;

import io.github.bonefracture.preprocess.FloatImage;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/** What the detector computes from the base's last feature maps: their per-image means and the class activation maps. */
final class FeatureMaps {
	private FeatureMaps() {}

	/** Each image's mean of each feature map, [n][c], from maps [n, c, h, w] in C order. */
	static double[][] pooled(float[] maps, int[] shape) {
		int n = shape[0], ch = shape[1], per = shape[2] * shape[3];
		double[][] out = new double[n][ch];
		for (int k = 0; k < n; k++) for (int c = 0; c < ch; c++) {
			double sum = 0;
			int at = (k * ch + c) * per;
			for (int i = 0; i < per; i++) sum += maps[at + i];
			out[k][c] = sum / per;
		}
		return out;
	}

	/** cam[n, y, x] = sum over channels of w_c * F[n, c, y, x] + b. */
	static List<FloatImage> cams(INDArray features, INDArray weights, double bias) {
		long n = features.size(0), ch = features.size(1), fh = features.size(2), fw = features.size(3);
		INDArray flat = features.permute(0, 2, 3, 1).dup('c').reshape(n * fh * fw, ch);
		INDArray logits = flat.mmul(weights.reshape(ch, 1)).addi(bias);
		float[] all = logits.dup('c').data().asFloat();
		List<FloatImage> l = new ArrayList<>();
		int per = (int) (fh * fw);
		for (int k = 0; k < n; k++) {
			float[] px = new float[per];
			System.arraycopy(all, k * per, px, 0, per);
			l.add(new FloatImage((int) fw, (int) fh, px));
		}
		return l;
	}
}
