package io.github.bonefracture.engine;

import io.github.bonefracture.nets.ActivationRanges;
import io.github.bonefracture.preprocess.Preprocessing;

import java.util.List;
import java.util.Map;

/** Everything a model file says about itself, stored as metadata.json. */
public final class ModelMetadata {
	public String format = ModelFile.FORMAT;
	public int formatVersion = ModelFile.FORMAT_VERSION;
	public Architecture architecture;
	public Preprocessing preprocessing;
	/** Class names by target value: index 0 = Normal, 1 = Fracture. */
	public List<String> classes = List.of("Normal", "Fracture");
	public String positiveClass = "Fracture";
	/** What the single output means. */
	public String output = "P(Fracture), sigmoid";
	public double threshold = 0.5;
	/** How the threshold was chosen (on the validation split), e.g. "Youden's J". */
	public String thresholdRule;
	/** The threshold's 95% stratified-bootstrap interval over the held-out predictions it was learned on; absent in older files. */
	public double[] thresholdInterval95;
	/** Which held-out predictions the threshold, calibration and prediction sets were learned on. */
	public String decisionLearnedOn;
	/** Brier score and calibration error of held-out images before and after calibration; absent without calibration. */
	public Map<String, Object> calibrationEffect;
	/** Calibration applied to the network's output before the threshold; null or method NONE: none (its dropped field says when one asked for was not applied). */
	public Calibration calibration;
	/**
	 * int8 inference's calibration: the largest value of each BatchNorm+ReLU
	 * output that feeds a convolution, measured on training images; null for
	 * models without it (they run in float only).
	 */
	public ActivationRanges activationRanges;
	/**
	 * Each reduced precision's answers against float on the calibration
	 * images, by precision id (bfloat16, int8), for those that ran where the
	 * model was trained; absent in older files. Precision auto reads it.
	 */
	public Map<String, PrecisionCheck> precisionChecks;
	/** Where the training images lie in the pooled feature space, and the cut-off beyond which an image is flagged; absent in older files. */
	public TrainingDistribution inDistribution;
	/** Held-out images' conformal scores, for prediction sets at any error rate; absent in older files. */
	public ConformalSets conformal;
	/** Layer whose activations the class-activation map weighs; null when the architecture has no CAM. */
	public String featureLayer;
	public String outputLayer;
	public TrainingConfig training;
	public DatasetSummary dataset;
	/** Validation figures at the end of training, when there were validation images. */
	public Map<String, Double> validation;
	/** How many training images the model file identifies by content (entry training-images.sha256); absent in older files. */
	public Integer trainingImageHashes;
	/** Those hashes: in their own entry, not in the JSON. */
	transient java.util.Set<String> trainingImages;
	/** The k-fold summary, when known. */
	public Map<String, Object> kfold;
	public Map<String, String> software;
	/** The backend, instruction set and thread count training ran with: a retraining repeats this model to the bit with the same three. */
	public Map<String, String> computedWith;
	public String created;

	public static final class DatasetSummary {
		public String root;
		public String layout;
		public int fracture;
		public int normal;
		public int skipped;
		/** SHA-256 over relative paths and labels. */
		public String fileListSha256;
		public String pretrainRoot;
		public String pretrainFileListSha256;
	}

	/** Whether the model's P goes through a fitted calibration (not none, nor a dropped fit). */
	public boolean calibrated() {
		return calibration != null && calibration.method != Calibration.Method.NONE;
	}

	/** The threshold as it was learned, for every face's log: its interval, the rule and what it was learned on, the calibration. */
	public String decisionText() {
		StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "Model threshold %.3f", threshold));
		if (thresholdInterval95 != null && thresholdInterval95[0] < thresholdInterval95[1])
			sb.append(String.format(java.util.Locale.ROOT, " (95%% bootstrap interval %.3f to %.3f)", thresholdInterval95[0], thresholdInterval95[1]));
		sb.append(": ").append(thresholdRule == null ? "fixed" : thresholdRule);
		if (decisionLearnedOn != null) sb.append(", learned on ").append(decisionLearnedOn);
		sb.append("; calibration ").append(calibration == null ? "none" : calibration.toString());
		return sb.toString();
	}

	/** The SHA-256 of each training image file, when the model file records them. */
	public java.util.Optional<java.util.Set<String>> trainingImages() {
		return java.util.Optional.ofNullable(trainingImages).map(java.util.Collections::unmodifiableSet);
	}
}
