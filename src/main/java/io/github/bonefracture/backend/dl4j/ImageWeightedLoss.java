package io.github.bonefracture.backend.dl4j;

import io.github.bonefracture.nets.SigmoidCrossEntropy;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The loss DL4J's fit trains with, in place of the output layer's own for
 * the length of a training (the graph's configuration gets its loss back on
 * close, so no model file ever names this class):
 * <ul>
 * <li>each image's term times its weight, as Keras weighs samples: the
 * batch's loss is the mean of weight x loss. DL4J's label mask is not that
 * (it also scales the image's logit, and a one-output cross-entropy applies it
 * twice to the gradient);</li>
 * <li>for a sigmoid unit with binary cross-entropy, {@link SigmoidCrossEntropy}
 * from the logit, as the oneDNN backend's head computes it, not DL4J's
 * clipped probability.</li>
 * </ul>
 */
final class ImageWeightedLoss implements ILossFunction {
	private static final long serialVersionUID = 1L;
	private final ILossFunction loss;
	private final boolean fromLogits;
	/** One weight per image of the current batch, a column; null weighs every image 1. */
	private transient INDArray weights;

	ImageWeightedLoss(BaseOutputLayer output) {
		this.loss = output.getLossFn();
		this.fromLogits = SigmoidCrossEntropy.of(output);
	}

	ILossFunction unweighted() {
		return loss;
	}

	void weigh(INDArray column) {
		weights = column;
	}

	/** A mask (which training never passes) leaves DL4J's loss in charge. */
	private boolean fromLogits(INDArray mask) {
		return fromLogits && mask == null;
	}

	private double weight(int image) {
		return weights == null ? 1 : weights.getDouble(image);
	}

	@Override
	public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
		if (!fromLogits(mask)) {
			INDArray perImage = loss.computeScoreArray(labels, preOutput, activation, mask);
			return weights == null ? perImage : perImage.muli(weights.reshape(perImage.shape()).castTo(perImage.dataType()));
		}
		double[][] z = preOutput.toDoubleMatrix(), y = labels.toDoubleMatrix();
		double[] score = new double[z.length];
		for (int i = 0; i < z.length; i++) {
			for (int j = 0; j < z[i].length; j++) score[i] += SigmoidCrossEntropy.loss(z[i][j], y[i][j]);
			score[i] *= weight(i);
		}
		return Nd4j.createFromArray(score).reshape(z.length, 1).castTo(preOutput.dataType());
	}

	@Override
	public double computeScore(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask, boolean average) {
		if (weights == null && !fromLogits(mask)) return loss.computeScore(labels, preOutput, activation, mask, average);
		double sum = computeScoreArray(labels, preOutput, activation, mask).sumNumber().doubleValue();
		return average ? sum / labels.size(0) : sum;
	}

	@Override
	public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
		if (!fromLogits(mask)) {
			INDArray gradient = loss.computeGradient(labels, preOutput, activation, mask);
			return weights == null ? gradient : gradient.muliColumnVector(weights.reshape(weights.length(), 1).castTo(gradient.dataType()));
		}
		double[][] z = preOutput.toDoubleMatrix(), y = labels.toDoubleMatrix();
		for (int i = 0; i < z.length; i++)
			for (int j = 0; j < z[i].length; j++) z[i][j] = weight(i) * SigmoidCrossEntropy.gradient(z[i][j], y[i][j]);
		return Nd4j.create(z).castTo(preOutput.dataType());
	}

	@Override
	public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask, boolean average) {
		return new Pair<>(computeScore(labels, preOutput, activation, mask, average), computeGradient(labels, preOutput, activation, mask));
	}

	@Override
	public String name() {
		return loss.name() + " weighted per image";
	}
}
