package io.github.bonefracture.engine;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.gan.GanConfig;
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

	/**
	 * Inner cross-validation folds whose out-of-fold predictions the
	 * threshold, calibration, prediction sets and training-data cut-off are
	 * learned on; 0: one validation split (validationFraction) instead.
	 */
	public int innerFolds = 5;
	public double validationFraction = 0.2;
	public long validationSeed = 123;
	public long seed = 42;
	/** Stop when validation loss has not improved for this many epochs, keeping the best; 0 = off. */
	public int earlyStoppingPatience = 0;
	/** How the decision threshold is chosen on validation images: youden, sensitivity or fixed (0.5). */
	public String thresholdRule = "youden";
	/** The sensitivity the "sensitivity" rule must reach. */
	public double targetSensitivity = 0.9;
	/** Calibration fitted on validation images: none, platt or temperature. */
	public String calibration = "none";

	/** For flat folders: a CSV of file,group naming each image's patient, so splits keep patients whole; null = none. */
	public String groupFile;
	/** For flat folders: a regular expression whose first group, found in a file name, is the patient; null = none. */
	public String groupPattern;

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
	/**
	 * Images declaring more pixels than this (in their header, before any
	 * decoding) are skipped as unreadable: a decompression bomb cannot take the
	 * run down. About 100 megapixels is 10000x10000, far above any radiograph.
	 */
	public double maxMegapixels = ImageLoader.DEFAULT_MEGAPIXELS;
	public int pretrainPhase1Epochs = 5;
	public int pretrainPhase2Epochs = 2;
	/** Synthetic images per class added to the training images (never to validation, thresholds or test); 0: none. */
	public int syntheticPerClass = 0;
	/** The generator file they are sampled from; null: a generator is trained on the training images (in k-fold, each training fold's). */
	public String generatorFile;
	/** How that generator is trained; {@link #generatorConfig()} adds the seed. */
	public GanConfig generator = new GanConfig();

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

	/**
	 * The baselines K-Fold Evaluate runs beside these settings on the same
	 * folds, each from random weights with this schedule and decision rules:
	 * the reference's naive CNN, a standard small 3x3 CNN, and (for a
	 * DenseNet that starts from learned weights) the same DenseNet from
	 * random weights, which isolates what pretraining adds. From random
	 * weights nothing is frozen: both phases' epochs run at phase 1's
	 * learning rate.
	 */
	public java.util.List<TrainingConfig> baselines() {
		java.util.List<TrainingConfig> l = new java.util.ArrayList<>();
		for (Architecture a : new Architecture[] {Architecture.BASELINE_CNN, Architecture.SMALL_CNN, Architecture.DENSENET121}) {
			if (a == architecture && (a != Architecture.DENSENET121 || weights == WeightSource.RANDOM)) continue;
			if (a == Architecture.DENSENET121 && architecture != Architecture.DENSENET121) continue;
			TrainingConfig b = copy();
			b.architecture = a;
			b.weights = WeightSource.RANDOM;
			b.weightsFile = null;
			b.pretrainDir = null;
			if (weights != WeightSource.RANDOM) {
				b.phase1Epochs = phase1Epochs + phase2Epochs;
				b.phase2Epochs = 0;
			}
			b.reuseBaseFeatures = false;
			l.add(b);
		}
		return l;
	}

	public TrainingConfig copy() {
		return fromJson(toJson());
	}

	public String toJson() {
		return GSON.toJson(this);
	}

	/** Settings as written by {@link #toJson}; a file a user was handed is checked against the option declaration by whoever reads it. */
	public static TrainingConfig fromJson(String json) {
		TrainingConfig c = GSON.fromJson(json, TrainingConfig.class);
		if (c == null) throw new InvalidInputException("no training settings in " + json.length() + " characters of JSON");
		if (c.generator == null) c.generator = new GanConfig();
		// Settings written before inner cross-validation learned their decision on one validation split: a rerun does the same.
		if (!com.google.gson.JsonParser.parseString(json).getAsJsonObject().has("innerFolds")) c.innerFolds = 0;
		return c;
	}

	/** Largest DenseNet input side: 1024 px is 47x the reference's pixels and needs about 20 GB to train. */
	public static final int MAX_IMAGE_SIZE = 1024;
	public static final int MAX_EPOCHS = 100_000;
	public static final int MAX_BATCH = 1024;
	public static final int MAX_SYNTHETIC = 100_000;

	/** The image generator's settings with the training seed: what Train Image Generator and synthetic images train with. */
	public GanConfig generatorConfig() {
		GanConfig g = generator.copy();
		g.seed = seed;
		return g;
	}

	public ThresholdRule thresholdRule() {
		return new ThresholdRule(ThresholdRule.parse(thresholdRule), targetSensitivity);
	}

	public Calibration.Method calibrationMethod() {
		return Calibration.parse(calibration);
	}

	/** The pixel limit as a count. */
	public long maxPixels() {
		return ImageLoader.pixels(maxMegapixels);
	}

}
