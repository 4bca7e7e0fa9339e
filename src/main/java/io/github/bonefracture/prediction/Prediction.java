package io.github.bonefracture.prediction;

import io.github.bonefracture.data.Label;
import io.github.bonefracture.preprocess.FloatImage;

/** The answer for one image. */
public final class Prediction {
	/** P(fracture). */
	public final double probability;
	public final double threshold;
	public final Label label;
	/**
	 * Class-activation map of the fracture logit at the network's feature
	 * resolution (its mean is the logit), or null when the model has none.
	 */
	public final FloatImage cam;

	public Prediction(double probability, double threshold, FloatImage cam) {
		this.probability = probability;
		this.threshold = threshold;
		this.label = probability >= threshold ? Label.FRACTURE : Label.NORMAL;
		this.cam = cam;
	}

	/** The map as P(fracture) per place (sigmoid of the CAM), resized bilinearly to width x height. */
	public FloatImage heatmap(int width, int height) {
		if (cam == null) return null;
		ij.process.FloatProcessor fp = cam.toProcessor();
		float[] px = (float[]) fp.getPixels();
		for (int i = 0; i < px.length; i++) px[i] = (float) (1 / (1 + Math.exp(-px[i])));
		fp.setInterpolationMethod(ij.process.ImageProcessor.BILINEAR);
		return FloatImage.of((ij.process.FloatProcessor) fp.resize(width, height));
	}

	@Override
	public String toString() {
		return String.format("%s (P(fracture) = %.3f, threshold %.3f)", label.displayName(), probability, threshold);
	}
}
