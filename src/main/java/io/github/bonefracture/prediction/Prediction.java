package io.github.bonefracture.prediction;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

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
	/** Distance to the training data in the network's feature space; NaN when the model file carries no description of it. */
	public final double distributionScore;
	/** The image lies beyond the model's cut-off: unlike its training data, whatever P says. */
	public final boolean outsideTrainingData;
	/** The conformal prediction set at the asked error rate (either class, both, or neither); empty when {@link #conformal} is false. */
	public final Set<Label> predictionSet;
	/** Whether the model file carries a conformal calibration, so that {@link #predictionSet} means something. */
	public final boolean conformal;

	public Prediction(double probability, double threshold, FloatImage cam) {
		this(probability, threshold, cam, Double.NaN, false, null);
	}

	/** predictionSet null: the model has no conformal calibration. */
	public Prediction(double probability, double threshold, FloatImage cam, double distributionScore, boolean outsideTrainingData, Set<Label> predictionSet) {
		this.probability = probability;
		this.threshold = threshold;
		this.label = probability >= threshold ? Label.FRACTURE : Label.NORMAL;
		this.cam = cam;
		this.distributionScore = distributionScore;
		this.outsideTrainingData = outsideTrainingData;
		this.conformal = predictionSet != null;
		Set<Label> copy = EnumSet.noneOf(Label.class);
		if (predictionSet != null) copy.addAll(predictionSet);
		this.predictionSet = Collections.unmodifiableSet(copy);
	}

	/**
	 * How close to the threshold an answer is uncertain whatever else is known:
	 * P(fracture) within this distance of it (older model files have no
	 * prediction sets to say so).
	 */
	public static final double NEAR_THRESHOLD = 0.05;

	/** Whether P lies within {@link #NEAR_THRESHOLD} of the threshold. */
	public boolean nearThreshold() {
		return Math.abs(probability - threshold) < NEAR_THRESHOLD;
	}

	/** "Outside training data" and "Uncertain" (both classes in the set, or neither, or P near the threshold) say so; else the label. */
	public String answer() {
		if (outsideTrainingData) return OUTSIDE;
		if (conformal && predictionSet.size() != 1 || nearThreshold()) return UNCERTAIN;
		return label.displayName();
	}

	/** Why the answer is what it is, when it is not the label: for the overlay's second line. */
	public String why() {
		if (outsideTrainingData) return String.format(java.util.Locale.ROOT, "unlike the training data (distance %.2f)", distributionScore);
		if (nearThreshold()) return String.format(java.util.Locale.ROOT, "near the threshold (within %.2f)", NEAR_THRESHOLD);
		if (conformal && predictionSet.size() != 1) return "prediction set " + predictionSetText();
		return "";
	}

	public static final String OUTSIDE = "Outside training data", UNCERTAIN = "Uncertain";

	/** The set as text: "{Fracture}", "{Fracture, Normal}", "{}"; "" without a conformal calibration. */
	public String predictionSetText() {
		if (!conformal) return "";
		return "{" + predictionSet.stream().map(Label::displayName).sorted().collect(java.util.stream.Collectors.joining(", ")) + "}";
	}

	/** The map as P(fracture) per place (sigmoid of the CAM), resized bilinearly to width x height; empty without a map. */
	public java.util.Optional<FloatImage> heatmap(int width, int height) {
		if (cam == null) return java.util.Optional.empty();
		ij.process.FloatProcessor fp = cam.toProcessor();
		float[] px = (float[]) fp.getPixels();
		for (int i = 0; i < px.length; i++) px[i] = (float) (1 / (1 + Math.exp(-px[i])));
		fp.setInterpolationMethod(ij.process.ImageProcessor.BILINEAR);
		return java.util.Optional.of(FloatImage.of((ij.process.FloatProcessor) fp.resize(width, height)));
	}

	@Override
	public String toString() {
		String s = String.format(java.util.Locale.ROOT, "%s (P(fracture) = %.3f, threshold %.3f", answer(), probability, threshold);
		if (conformal) s += ", prediction set " + predictionSetText();
		if (!Double.isNaN(distributionScore)) s += String.format(java.util.Locale.ROOT, ", distance to the training data %.2f", distributionScore);
		return s + ")";
	}
}
