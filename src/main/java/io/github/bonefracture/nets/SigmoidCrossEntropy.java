package io.github.bonefracture.nets;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * A sigmoid unit's binary cross-entropy computed from its logit z, as Keras
 * computes it (it recovers the logit of a sigmoid output): both backends
 * train with this. DL4J's own `LossBinaryXENT` clips the probability at 1e-5
 * from 0 and 1 and differentiates through the clip, so an image answered
 * wrongly beyond a logit of about 11.5 gives it no gradient.
 */
public final class SigmoidCrossEntropy {
	private SigmoidCrossEntropy() {}

	/** Whether an output layer is a sigmoid unit with binary cross-entropy and no per-output weights: what this computes. */
	public static boolean of(Layer output) {
		if (!(output instanceof BaseOutputLayer)) return false;
		BaseOutputLayer o = (BaseOutputLayer) output;
		return o.getActivationFn() instanceof ActivationSigmoid && o.getLossFn() instanceof LossBinaryXENT && ((LossBinaryXENT) o.getLossFn()).getWeights() == null;
	}

	/** -y log sigmoid(z) - (1 - y) log(1 - sigmoid(z)), written so that no term overflows. */
	public static double loss(double z, double y) {
		return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
	}

	/** The loss's derivative in z. */
	public static double gradient(double z, double y) {
		return 1 / (1 + Math.exp(-z)) - y;
	}
}
