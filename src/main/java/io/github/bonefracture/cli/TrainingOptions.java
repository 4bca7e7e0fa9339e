package io.github.bonefracture.cli;

import io.github.bonefracture.engine.Architecture;
import io.github.bonefracture.engine.TrainingConfig;

import picocli.CommandLine.Option;

/** Training knobs shared by train and eval-w-kfold; defaults are the reference protocol. */
final class TrainingOptions {

	@Option(names = {"-a", "--architecture"}, defaultValue = "densenet121", description = "densenet121 or baseline-cnn (default: ${DEFAULT-VALUE}).")
	String architecture;

	@Option(names = "--image-size", defaultValue = "150", description = "DenseNet input size in pixels (default: ${DEFAULT-VALUE}).")
	int imageSize;

	@Option(names = {"-b", "--batch-size"}, defaultValue = "6", description = "Batch size (default: ${DEFAULT-VALUE}).")
	int batchSize;

	@Option(names = "--epochs1", defaultValue = "25", description = "Phase 1 epochs, base frozen (default: ${DEFAULT-VALUE}).")
	int epochs1;

	@Option(names = "--lr1", defaultValue = "1e-3", description = "Phase 1 Adam learning rate (default: ${DEFAULT-VALUE}).")
	double lr1;

	@Option(names = "--epochs2", defaultValue = "10", description = "Phase 2 epochs, everything trainable (default: ${DEFAULT-VALUE}).")
	int epochs2;

	@Option(names = "--lr2", defaultValue = "1e-5", description = "Phase 2 Adam learning rate (default: ${DEFAULT-VALUE}).")
	double lr2;

	@Option(names = "--train-batchnorm", description = "Let BatchNorm statistics and parameters train in phase 2 (the reference freezes them).")
	boolean trainBatchNorm;

	@Option(names = "--reuse-base-features", description = "Phase 1 trains the head on base features computed once per image "
		+ "(and reused across folds); needs augmentation off (--no-flip --rotation 0 --zoom 0 --brightness 0).")
	boolean reuseBaseFeatures;

	@Option(names = "--val-fraction", defaultValue = "0.2", description = "Validation fraction (default: ${DEFAULT-VALUE}).")
	double valFraction;

	@Option(names = "--val-seed", defaultValue = "123", description = "Validation split seed (default: ${DEFAULT-VALUE}).")
	long valSeed;

	@Option(names = "--seed", defaultValue = "42", description = "Seed of weights, shuffling, dropout and augmentation (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--early-stopping", defaultValue = "0", description = "Patience in epochs on validation loss, best model kept; 0 = off.")
	int earlyStopping;

	@Option(names = "--class-weights", description = "Weigh classes by inverse frequency (imbalanced folders).")
	boolean classWeights;

	@Option(names = "--no-flip", description = "No horizontal-flip augmentation.")
	boolean noFlip;

	@Option(names = "--rotation", defaultValue = "0.1", description = "Rotation augmentation, fraction of a turn (default: ${DEFAULT-VALUE}).")
	double rotation;

	@Option(names = "--zoom", defaultValue = "0.2", description = "Zoom augmentation factor (default: ${DEFAULT-VALUE}).")
	double zoom;

	@Option(names = "--brightness", defaultValue = "0.4", description = "Brightness augmentation factor (default: ${DEFAULT-VALUE}).")
	double brightness;

	@Option(names = "--weights", defaultValue = "imagenet", description = "Starting weights: imagenet, model or random (default: ${DEFAULT-VALUE}).")
	String weights;

	@Option(names = "--weights-file", description = "Keras .h5 for imagenet (instead of cache/download), or the model zip for --weights model.")
	String weightsFile;

	@Option(names = "--weights-cache", description = "Folder for downloaded weights (default: ~/.bone-fracture/models).")
	String weightsCache;

	@Option(names = "--pretrain", description = "Pretraining dataset (e.g. MURA-v1.1/train), trained on first.")
	String pretrain;

	@Option(names = "--pretrain-study-type", defaultValue = "XR_HUMERUS", description = "MURA study type for pretraining (default: ${DEFAULT-VALUE}).")
	String pretrainStudyType;

	@Option(names = "--pretrain-epochs1", defaultValue = "5", description = "Pretraining phase 1 epochs (default: ${DEFAULT-VALUE}).")
	int pretrainEpochs1;

	@Option(names = "--pretrain-epochs2", defaultValue = "2", description = "Pretraining phase 2 epochs (default: ${DEFAULT-VALUE}).")
	int pretrainEpochs2;

	@Option(names = "--blocks", split = ",", description = "DenseNet layers per block (default: 6,12,24,16).")
	int[] blocks;

	@Option(names = "--growth-rate", defaultValue = "32", description = "DenseNet growth rate (default: ${DEFAULT-VALUE}).")
	int growthRate;

	@Option(names = "--bn-momentum", defaultValue = "0.99", description = "BatchNorm moving-average momentum (default: ${DEFAULT-VALUE}).")
	double bnMomentum;

	@Option(names = "--max-megapixels", defaultValue = "" + io.github.bonefracture.data.ImageLoader.DEFAULT_MEGAPIXELS,
		description = "Images declaring more pixels in their header are skipped as unreadable, not decoded (default: ${DEFAULT-VALUE}).")
	double maxMegapixels;

	TrainingConfig toConfig() {
		TrainingConfig c = new TrainingConfig();
		c.architecture = Architecture.parse(architecture);
		c.imageSize = imageSize;
		c.batchSize = batchSize;
		c.phase1Epochs = epochs1;
		c.phase1LearningRate = lr1;
		c.phase2Epochs = epochs2;
		c.phase2LearningRate = lr2;
		c.freezeBatchNorm = !trainBatchNorm;
		c.reuseBaseFeatures = reuseBaseFeatures;
		c.validationFraction = valFraction;
		c.validationSeed = valSeed;
		c.seed = seed;
		c.earlyStoppingPatience = earlyStopping;
		c.classWeights = classWeights;
		c.augmentFlip = !noFlip;
		c.augmentRotation = rotation;
		c.augmentZoom = zoom;
		c.augmentBrightness = brightness;
		c.weights = parseWeights(weights);
		c.weightsFile = weightsFile;
		c.weightsCache = weightsCache;
		c.pretrainDir = pretrain;
		c.pretrainStudyType = pretrainStudyType;
		c.pretrainPhase1Epochs = pretrainEpochs1;
		c.pretrainPhase2Epochs = pretrainEpochs2;
		if (blocks != null) c.denseBlocks = blocks;
		c.growthRate = growthRate;
		c.batchNormMomentum = bnMomentum;
		c.maxMegapixels = maxMegapixels;
		return c.validate();
	}

	static TrainingConfig.WeightSource parseWeights(String s) {
		try {
			return TrainingConfig.WeightSource.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
		} catch (IllegalArgumentException e) {
			throw new io.github.bonefracture.core.InvalidInputException("Unknown weight source '" + s + "': use imagenet, model or random");
		}
	}
}
