package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.Architecture;
import io.github.bonefracture.engine.TrainingConfig;

import io.github.bonefracture.data.ImageLoader;

import java.io.File;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/** The training options that Train Model and K-Fold Evaluate share, as macro-friendly fields. */
public abstract class TrainingCommandBase extends ContextCommand {

	@Parameter(label = "Dataset folder (Fracture/ and Normal/)", style = "directory")
	File dataset_folder;

	@Parameter(label = "Architecture", choices = {"densenet121", "baseline-cnn"})
	String architecture = "densenet121";

	@Parameter(label = "Starting weights", choices = {"imagenet", "model", "random"})
	String weights = "imagenet";

	@Parameter(label = "Weights file (optional .h5 or model zip)", required = false)
	File weights_file;

	@Parameter(label = "Phase 1 epochs (base frozen)", min = "0")
	int epochs1 = 25;

	@Parameter(label = "Phase 1 learning rate")
	double lr1 = 1e-3;

	@Parameter(label = "Phase 2 epochs (fine-tuning)", min = "0")
	int epochs2 = 10;

	@Parameter(label = "Phase 2 learning rate")
	double lr2 = 1e-5;

	@Parameter(label = "Batch size", min = "1")
	int batch_size = 6;

	@Parameter(label = "Image size (DenseNet)", min = "32")
	int image_size = 150;

	@Parameter(label = "Augment: horizontal flip")
	boolean flip = true;

	@Parameter(label = "Augment: rotation (fraction of a turn)")
	double rotation = 0.1;

	@Parameter(label = "Augment: zoom")
	double zoom = 0.2;

	@Parameter(label = "Augment: brightness")
	double brightness = 0.4;

	@Parameter(label = "Reuse base features in phase 1 (needs augmentation off)")
	boolean reuse_features = false;

	@Parameter(label = "Pretraining folder (optional, e.g. MURA)", style = "directory", required = false)
	File pretrain_folder;

	@Parameter(label = "Seed")
	long seed = 42;

	@Parameter(label = "Largest image to read (megapixels; larger files are skipped, not decoded)", min = "1")
	double max_megapixels = ImageLoader.DEFAULT_MEGAPIXELS;

	@Parameter
	StatusService status;

	@Parameter
	LogService log;

	/** Training settings from this command's fields; shared with K-Fold Evaluate. */
	TrainingConfig config() {
		TrainingConfig c = new TrainingConfig();
		c.architecture = Architecture.parse(architecture);
		c.weights = TrainingConfig.WeightSource.valueOf(weights.toUpperCase(java.util.Locale.ROOT));
		c.weightsFile = weights_file == null ? null : weights_file.getPath();
		c.weightsCache = ModelFolder.cache();
		c.phase1Epochs = epochs1;
		c.phase1LearningRate = lr1;
		c.phase2Epochs = epochs2;
		c.phase2LearningRate = lr2;
		c.batchSize = batch_size;
		c.imageSize = image_size;
		c.augmentFlip = flip;
		c.augmentRotation = rotation;
		c.augmentZoom = zoom;
		c.augmentBrightness = brightness;
		c.pretrainDir = pretrain_folder == null ? null : pretrain_folder.getPath();
		c.reuseBaseFeatures = reuse_features;
		c.seed = seed;
		c.maxMegapixels = max_megapixels;
		return c.validate();
	}
}
