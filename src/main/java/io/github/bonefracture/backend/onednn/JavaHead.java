package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.SplittableRandom;

/**
 * DenseNet's head in training, in Java on plain arrays: global average
 * pooling, inverted dropout (the graph's rate, this seed), one unit and
 * sigmoid cross-entropy, forward and backward.
 */
final class JavaHead {
	private final double keep;
	private final SplittableRandom dropoutRng;

	JavaHead(ComputationGraph g, long seed) {
		IDropout d = ((DropoutLayer) g.getLayer(DenseNet121.DROPOUT).conf().getLayer()).getIDropout();
		this.keep = d instanceof Dropout ? ((Dropout) d).getP() : 1.0;
		this.dropoutRng = new SplittableRandom(seed);
	}

	/**
	 * One batch of n images' feature maps (c channels of per values each):
	 * fills each image's logit, the head's gradients (of the mean loss) and the
	 * features' gradient; returns the summed, weighted loss.
	 */
	double forwardBackward(float[] feat, int n, int c, int per, float[] y, float[] weights, AdamParam w, AdamParam b, float[] logits, float[] dFeat) {
		double loss = 0;
		java.util.Arrays.fill(w.grad, 0);
		b.grad[0] = 0;
		for (int k = 0; k < n; k++) {
			float[] d = new float[c];
			float[] mask = new float[c];
			double z = b.value[0];
			for (int ch = 0; ch < c; ch++) {
				double s = 0;
				int o = (k * c + ch) * per;
				for (int i = 0; i < per; i++) s += feat[o + i];
				mask[ch] = keep >= 1 ? 1f : dropoutRng.nextDouble() < keep ? (float) (1 / keep) : 0f;
				d[ch] = (float) (s / per) * mask[ch];
				z += d[ch] * w.value[ch];
			}
			logits[k] = (float) z;
			double wk = weights == null ? 1 : weights[k];
			loss += wk * SigmoidCrossEntropy.loss(z, y[k]);
			float dz = (float) (wk * SigmoidCrossEntropy.gradient(z, y[k]) / n);
			b.grad[0] += dz;
			for (int ch = 0; ch < c; ch++) {
				w.grad[ch] += dz * d[ch];
				float gr = dz * w.value[ch] * mask[ch] / per;
				int o = (k * c + ch) * per;
				for (int i = 0; i < per; i++) dFeat[o + i] = gr;
			}
		}
		return loss;
	}
}
