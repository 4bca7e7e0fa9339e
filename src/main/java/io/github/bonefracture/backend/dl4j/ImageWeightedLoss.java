package io.github.bonefracture.backend.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The output layer's own loss with each image's term times its weight, as
 * Keras weighs samples: the batch's loss is the mean of weight x loss, each
 * image's gradient its own times its weight. DL4J's label mask is not that
 * (it also scales the image's logit, and a one-output cross-entropy applies it
 * twice to the gradient), so training hands weights here instead, and only for
 * the duration of a training: the graph's configuration gets its loss back on
 * close, so no model file ever names this class.
 */
final class ImageWeightedLoss implements ILossFunction {
	private static final long serialVersionUID = 1L;
	private final ILossFunction loss;
	/** One weight per image of the current batch, a column; null weighs every image 1. */
	private transient INDArray weights;

	ImageWeightedLoss(ILossFunction loss) {
		this.loss = loss;
	}

	ILossFunction unweighted() {
		return loss;
	}

	void weigh(INDArray column) {
		weights = column;
	}

	@Override
	public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
		INDArray perImage = loss.computeScoreArray(labels, preOutput, activation, mask);
		return weights == null ? perImage : perImage.muli(weights.reshape(perImage.shape()).castTo(perImage.dataType()));
	}

	@Override
	public double computeScore(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask, boolean average) {
		if (weights == null) return loss.computeScore(labels, preOutput, activation, mask, average);
		double sum = computeScoreArray(labels, preOutput, activation, mask).sumNumber().doubleValue();
		return average ? sum / labels.size(0) : sum;
	}

	@Override
	public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
		INDArray gradient = loss.computeGradient(labels, preOutput, activation, mask);
		return weights == null ? gradient : gradient.muliColumnVector(weights.reshape(weights.length(), 1).castTo(gradient.dataType()));
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
