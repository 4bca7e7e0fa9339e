package io.github.bonefracture.engine;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.preprocess.Augmentation;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Every knob of training, with the reference study's protocol as defaults.
 * Plain public fields so that the command line, the Fiji commands and the
 * model file's JSON all speak the same names.
 */
public final class TrainingConfig {

	/** Where starting weights come from. */
	public enum WeightSource { IMAGENET, MODEL, RANDOM }

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

	public Architecture architecture = Architecture.DENSENET121;
	/** Square input of the DenseNet. */
	public int imageSize = 150;
	/** Input of the baseline CNN (reference: 200 high, 75 wide). */
	public int baselineHeight = 200;
	public int baselineWidth = 75;
	public int[] baselineFilters = {16, 32, 64};
	public int baselineDense = 128;
	/** DenseNet121 is {6, 12, 24, 16} with growth 32; tests use a tiny variant. */
	public int[] denseBlocks = {6, 12, 24, 16};
	public int growthRate = 32;
	public double dropout = 0.2;
	/** BatchNorm moving-average momentum (Keras 0.99); 0.9 suits short training from random weights. */
	public double batchNormMomentum = 0.99;

	public int batchSize = 6;
	/** Phase 1: base frozen (DenseNet from pretrained weights), head trained. */
	public int phase1Epochs = 25;
	public double phase1LearningRate = 1e-3;
	/** Phase 2: everything trainable, BatchNorm statistics frozen. */
	public int phase2Epochs = 10;
	public double phase2LearningRate = 1e-5;
	public boolean freezeBatchNorm = true;
	/**
	 * Phase 1 trains the head on base features computed once per image (and
	 * reused across k-fold folds) instead of running the frozen base every
	 * epoch. Needs augmentation off: augmented images have other features.
	 */
	public boolean reuseBaseFeatures = false;

	public double validationFraction = 0.2;
	public long validationSeed = 123;
	public long seed = 42;
	/** Stop when validation loss has not improved for this many epochs, keeping the best; 0 = off. */
	public int earlyStoppingPatience = 0;
	/** Weigh classes by inverse frequency in the loss. */
	public boolean classWeights = false;

	public boolean augmentFlip = true;
	public double augmentRotation = 0.1;
	public double augmentZoom = 0.2;
	public double augmentBrightness = 0.4;

	public WeightSource weights = WeightSource.IMAGENET;
	/** Keras .h5 for IMAGENET (else cache/download) or a model zip for MODEL. */
	public String weightsFile;
	/** Cache folder for downloaded weights; null = default. */
	public String weightsCache;

	/** Optional pretraining dataset (e.g. MURA), trained on first. */
	public String pretrainDir;
	public String pretrainStudyType = "XR_HUMERUS";
	public int pretrainPhase1Epochs = 5;
	public int pretrainPhase2Epochs = 2;

	/** The reference's protocol. */
	public static TrainingConfig reference() {
		return new TrainingConfig();
	}

	public Augmentation augmentation() {
		return new Augmentation(augmentFlip, augmentRotation, augmentZoom, augmentBrightness);
	}

	/** Phase 1 freezes a base only when the base starts from learned weights. */
	public boolean hasFrozenPhase() {
		return architecture == Architecture.DENSENET121 && weights != WeightSource.RANDOM && phase1Epochs > 0;
	}

	public TrainingConfig copy() {
		return fromJson(toJson());
	}

	public String toJson() {
		return GSON.toJson(this);
	}

	public static TrainingConfig fromJson(String json) {
		TrainingConfig c = GSON.fromJson(json, TrainingConfig.class);
		c.validate();
		return c;
	}

	public TrainingConfig validate() {
		check(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
		check(phase1Epochs >= 0 && phase2Epochs >= 0, "epochs cannot be negative");
		check(phase1Epochs + phase2Epochs > 0, "at least one epoch of training is needed");
		check(phase1LearningRate > 0 && phase2LearningRate > 0, "learning rates must be positive");
		check(imageSize >= 32, "image size must be at least 32, got " + imageSize);
		check(validationFraction >= 0 && validationFraction < 1, "validation fraction must be in [0, 1), got " + validationFraction);
		check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
		check(batchNormMomentum >= 0 && batchNormMomentum < 1, "BatchNorm momentum must be in [0, 1), got " + batchNormMomentum);
		check(earlyStoppingPatience >= 0, "early-stopping patience cannot be negative");
		check(weights != WeightSource.MODEL || (weightsFile != null && !weightsFile.isBlank()), "starting from a model needs the model file");
		check(!reuseBaseFeatures || augmentation().isIdentity(),
			"reusing base features needs augmentation off (no flip, rotation, zoom or brightness): augmented images have other features");
		try {
			augmentation();
		} catch (IllegalArgumentException e) {
			throw new InvalidInputException("Training settings: " + e.getMessage());
		}
		return this;
	}

	private static void check(boolean ok, String message) {
		if (!ok) throw new InvalidInputException("Training settings: " + message);
	}
}
