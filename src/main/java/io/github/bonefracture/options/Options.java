package io.github.bonefracture.options;

import static io.github.bonefracture.options.Job.DETECT;
import static io.github.bonefracture.options.Job.DETECT_FOLDER;
import static io.github.bonefracture.options.Job.EVALUATE;
import static io.github.bonefracture.options.Job.EXPORT;
import static io.github.bonefracture.options.Job.GENERATE_SYNTHETIC;
import static io.github.bonefracture.options.Job.TRAIN_GENERATOR;
import static io.github.bonefracture.options.Job.KFOLD_EVALUATE;
import static io.github.bonefracture.options.Job.TRAIN;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.core.InvalidOptionException;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.engine.Architecture;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.Precision;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.export.ExportOptions;
import io.github.bonefracture.gan.GanConfig;
import io.github.bonefracture.options.Opt.Kind;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every option of every job, each declared once; the command line, the
 * SciJava commands and the plain-ImageJ dialogs and macro keys are built
 * from this list. Training defaults are the reference protocol's, read
 * from {@link TrainingConfig#reference()}.
 */
public final class Options {

	private static final TrainingConfig REF = TrainingConfig.reference();
	/** Detection defaults, where the engine keeps them. */
	private static final Detector.Options DET = new Detector.Options();

	private Options() {}

	/** Every declaration, in the order the dialogs show them. */
	public static final List<Opt> ALL = List.of(
		// Detection
		Opt.of("input_folder", Kind.FOLDER).label("Image folder").cli("-i", "--input").required().in(DETECT_FOLDER)
			.help("Folder of x-rays, searched at any depth (the command line also takes one image file).")
			.into((s, v) -> s.input = (File) v).build(),
		Opt.of("model_file", Kind.FILE).label("Model file (.zip)").cli("-m", "--model").required().in(DETECT, DETECT_FOLDER, EVALUATE, EXPORT)
			.help("Model file written by Train Model.").into((s, v) -> s.model = (File) v).build(),
		Opt.of("output_folder", Kind.FOLDER).essential().label("Output folder (CSV and annotated images; optional)").cli("-o", "--output").in(DETECT_FOLDER)
			.help("Folder for detections.csv and one annotated PNG per image, mirroring the input's sub-folders.")
			.into((s, v) -> s.output = (File) v).build(),
		Opt.of("threshold", Kind.DOUBLE).essential().label("Threshold (0 = the model's)").cli("-t").byDefault(0.0).range(0, 0.999999).in(DETECT, DETECT_FOLDER, EVALUATE)
			.help("Decision threshold on P(fracture); 0 takes the model's own.")
			.into((s, v) -> s.detection.threshold = (Double) v == 0 ? Double.NaN : (Double) v).build(),
		Opt.of("heatmap", Kind.BOOLEAN).essential().label("Show heatmap").byDefault(DET.heatmap).in(DETECT, DETECT_FOLDER)
			.help("Draw the class-activation heatmap: where the model sees evidence for Fracture (DenseNet models).")
			.into((s, v) -> s.detection.heatmap = (Boolean) v).build(),
		Opt.of("flip_tta", Kind.BOOLEAN).label("Flip test-time augmentation").cli("--tta").byDefault(DET.flipTta).in(DETECT, DETECT_FOLDER, EVALUATE)
			.help("Average with the horizontally flipped image.").into((s, v) -> s.detection.flipTta = (Boolean) v).build(),
		Opt.of("precision", Kind.CHOICE).label("Arithmetic").byDefault(DET.precision.id()).choices(Precision.CHOICES.toArray(new String[0])).in(DETECT, DETECT_FOLDER, EVALUATE)
			.help("float: the exact answer. auto: bfloat16 where the CPU has it (AVX-512 BF16, AMX), else int8 where it has VNNI, each only if the model's stored accuracy check passed (P moved at most 0.01 and no label changed on its calibration images), else float; the log says which ran. bfloat16 or int8: that arithmetic where it runs (oneDNN backend; int8 needs AVX2 and a model trained by this version), float otherwise, with a warning. int8 turns off the unlike-training-data flag.")
			.into((s, v) -> s.detection.precision = Precision.of((String) v)).build(),
		Opt.of("error_rate", Kind.DOUBLE).label("Prediction set error rate (answers near the decision say Uncertain)").byDefault(DET.alpha)
			.range(0.001, 0.5).in(DETECT, DETECT_FOLDER, EVALUATE)
			.help("The conformal prediction set misses the true class at most this share of the time, calibrated on held-out images when the model was trained; an image whose set holds both classes (or neither) is answered Uncertain.")
			.into((s, v) -> s.detection.alpha = (Double) v).build(),
		Opt.of("batch_size", Kind.INT).label("Images per network call").cli("-b").byDefault(DET.batchSize).range(1, 1024).in(DETECT_FOLDER, EVALUATE)
			.help("Images per network call.").into((s, v) -> s.detection.batchSize = (Integer) v).build(),
		// Training and k-fold
		Opt.of("dataset_folder", Kind.FOLDER).label("Dataset folder (Fracture/ and Normal/, or MURA)").cli("-i", "--input").required().in(TRAIN, KFOLD_EVALUATE, EVALUATE, TRAIN_GENERATOR)
			.help("One sub-folder per class (Fracture/Normal or positive/negative), or MURA's tree.").into((s, v) -> s.dataset = (File) v).build(),
		Opt.of("model_file", Kind.SAVE_FILE).label("Output model file (.zip)").cli("-o").required().in(TRAIN)
			.help("Model file to write.").into((s, v) -> s.model = (File) v).build(),
		Opt.of("output_folder", Kind.FOLDER).essential().label("Folder for curves or results (optional)").in(TRAIN)
			.help("Folder for training-history.csv and training-curves.png.").into((s, v) -> s.output = (File) v).build(),
		Opt.of("output_folder", Kind.FOLDER).essential().label("Output folder for CSV/JSON (optional)").cli("-o", "--output").in(KFOLD_EVALUATE)
			.help("Folder for folds.csv, predictions.csv, summary.json, kfold-table.csv and roc.png.").into((s, v) -> s.output = (File) v).build(),
		Opt.of("output_folder", Kind.FOLDER).essential().label("Output folder for the evaluation (optional)").cli("-o", "--output").in(EVALUATE)
			.help("Folder for evaluation.json, evaluation-predictions.csv and evaluation-reliability.csv.").into((s, v) -> s.output = (File) v).build(),
		Opt.of("k", Kind.INT).essential().label("Folds (k)").cli("-k", "--folds").byDefault(10).range(2, 1000).in(KFOLD_EVALUATE)
			.help("Number of folds.").into((s, v) -> s.k = (Integer) v).build(),
		Opt.of("fold_seed", Kind.LONG).label("Fold seed").byDefault(42L).range(-9e15, 9e15).in(KFOLD_EVALUATE)
			.help("Seed of the fold assignment.").into((s, v) -> s.foldSeed = (Long) v).build(),
		Opt.of("repeats", Kind.INT).label("Repeats of the k folds (fold seed + 1 each)").byDefault(1).range(1, 100).in(KFOLD_EVALUATE)
			.help("Runs the k folds this many times with fold seeds fold_seed, fold_seed + 1, ...: one run is one draw of the folds; the report gives the spread.")
			.into((s, v) -> s.repeats = (Integer) v).build(),
		Opt.of("rerun", Kind.FILE).essential().label("Run again from an earlier summary.json (optional)").cli("--from-summary").in(KFOLD_EVALUATE)
			.help("An earlier run's summary.json: its k, fold seed, repeats and settings on the same dataset (checked by its file list), so the same folds; the other options are ignored.")
			.into((s, v) -> s.rerun = (File) v).build(),
		Opt.of("compare_with", Kind.FILE).essential().label("Also run the settings of an earlier summary.json (optional)").in(KFOLD_EVALUATE)
			.help("An earlier run's summary.json: its first architecture's settings also run on this run's folds, and the two are compared (DeLong, bootstrap).")
			.into((s, v) -> s.compareWith = (File) v).build(),
		Opt.of("compare_baseline", Kind.BOOLEAN).essential().label("Also run the baselines on the same folds").byDefault(false).in(KFOLD_EVALUATE)
			.help("Also run, on the same folds and each compared with DeLong's test: the reference's naive CNN, a small CNN with 3x3 convolutions, and the same DenseNet from random weights (architecture without pretraining); all from random weights.").into((s, v) -> s.compareBaseline = (Boolean) v).build(),
		Opt.of("architecture", Kind.CHOICE).essential().label("Architecture").cli("-a").byDefault(REF.architecture.id()).choices("densenet121", "baseline-cnn", "small-cnn").in(TRAIN, KFOLD_EVALUATE)
			.help("DenseNet121 transfer learning (the reference's winner), the reference's naive CNN, or a small CNN with 3x3 convolutions (both baselines train from random weights).")
			.into((s, v) -> s.training.architecture = Architecture.parse((String) v)).from(s -> s.training.architecture == null ? null : s.training.architecture.id()).build(),
		Opt.of("weights", Kind.CHOICE).essential().label("Starting weights").byDefault(REF.weights.name().toLowerCase(Locale.ROOT)).choices("imagenet", "model", "random").in(TRAIN, KFOLD_EVALUATE)
			.help("imagenet: Keras' DenseNet121 weights; model: a model file (weights_file); random.")
			.into((s, v) -> s.training.weights = TrainingConfig.WeightSource.valueOf(((String) v).toUpperCase(Locale.ROOT)))
			.from(s -> s.training.weights == null ? null : s.training.weights.name().toLowerCase(Locale.ROOT)).build(),
		Opt.of("weights_file", Kind.FILE).essential().label("Weights file (optional .h5 or model zip)").in(TRAIN, KFOLD_EVALUATE)
			.help("Keras .h5 for imagenet (instead of the cache or a download), or the model zip for weights=model.")
			.into((s, v) -> s.training.weightsFile = v == null ? null : ((File) v).getPath()).build(),
		Opt.of("weights_cache", Kind.FOLDER).label("Weights cache folder (optional)").in(TRAIN, KFOLD_EVALUATE)
			.help("Folder for downloaded ImageNet weights (default: Fiji.app/models in Fiji, else ~/.bone-fracture/models).")
			.into((s, v) -> s.training.weightsCache = v == null ? null : ((File) v).getPath()).build(),
		Opt.of("epochs1", Kind.INT).essential().label("Phase 1 epochs (base frozen)").byDefault(REF.phase1Epochs).range(0, TrainingConfig.MAX_EPOCHS).in(TRAIN, KFOLD_EVALUATE)
			.help("Phase 1 epochs: pretrained base frozen, head trained.").into((s, v) -> s.training.phase1Epochs = (Integer) v).from(s -> s.training.phase1Epochs).build(),
		Opt.of("lr1", Kind.DOUBLE).label("Phase 1 learning rate").byDefault(REF.phase1LearningRate).range(1e-12, 10).in(TRAIN, KFOLD_EVALUATE)
			.help("Phase 1 Adam learning rate.").into((s, v) -> s.training.phase1LearningRate = (Double) v).from(s -> s.training.phase1LearningRate).build(),
		Opt.of("epochs2", Kind.INT).essential().label("Phase 2 epochs (fine-tuning)").byDefault(REF.phase2Epochs).range(0, TrainingConfig.MAX_EPOCHS).in(TRAIN, KFOLD_EVALUATE)
			.help("Phase 2 epochs: everything trainable, BatchNorm statistics frozen.").into((s, v) -> s.training.phase2Epochs = (Integer) v).from(s -> s.training.phase2Epochs).build(),
		Opt.of("lr2", Kind.DOUBLE).label("Phase 2 learning rate").byDefault(REF.phase2LearningRate).range(1e-12, 10).in(TRAIN, KFOLD_EVALUATE)
			.help("Phase 2 Adam learning rate.").into((s, v) -> s.training.phase2LearningRate = (Double) v).from(s -> s.training.phase2LearningRate).build(),
		Opt.of("batch_size", Kind.INT).label("Batch size").cli("-b").byDefault(REF.batchSize).range(1, TrainingConfig.MAX_BATCH).in(TRAIN, KFOLD_EVALUATE)
			.help("Images per training step.").into((s, v) -> s.training.batchSize = (Integer) v).from(s -> s.training.batchSize).build(),
		Opt.of("image_size", Kind.INT).label("Image size (DenseNet)").byDefault(REF.imageSize).range(32, TrainingConfig.MAX_IMAGE_SIZE).in(TRAIN, KFOLD_EVALUATE)
			.help("DenseNet input size in pixels.").into((s, v) -> s.training.imageSize = (Integer) v).from(s -> s.training.imageSize).build(),
		Opt.of("flip", Kind.BOOLEAN).label("Augment: horizontal flip").byDefault(REF.augmentFlip).in(TRAIN, KFOLD_EVALUATE)
			.help("Horizontal-flip augmentation.").into((s, v) -> s.training.augmentFlip = (Boolean) v).build(),
		Opt.of("rotation", Kind.DOUBLE).label("Augment: rotation (fraction of a turn)").byDefault(REF.augmentRotation).range(0, 1).in(TRAIN, KFOLD_EVALUATE)
			.help("Rotation augmentation, a fraction of a full turn (Keras' RandomRotation).").into((s, v) -> s.training.augmentRotation = (Double) v).from(s -> s.training.augmentRotation).build(),
		Opt.of("zoom", Kind.DOUBLE).label("Augment: zoom").byDefault(REF.augmentZoom).range(0, 0.95).in(TRAIN, KFOLD_EVALUATE)
			.help("Zoom augmentation factor (Keras' RandomZoom).").into((s, v) -> s.training.augmentZoom = (Double) v).from(s -> s.training.augmentZoom).build(),
		Opt.of("brightness", Kind.DOUBLE).label("Augment: brightness").byDefault(REF.augmentBrightness).range(0, 1).in(TRAIN, KFOLD_EVALUATE)
			.help("Brightness augmentation factor (Keras' RandomBrightness).").into((s, v) -> s.training.augmentBrightness = (Double) v).from(s -> s.training.augmentBrightness).build(),
		Opt.of("reuse_features", Kind.BOOLEAN).label("Reuse base features in phase 1 (needs augmentation off)").cli("--reuse-base-features")
			.byDefault(REF.reuseBaseFeatures).in(TRAIN, KFOLD_EVALUATE)
			.help("Phase 1 trains the head on base features computed once per image (and reused across folds); needs augmentation off.")
			.into((s, v) -> s.training.reuseBaseFeatures = (Boolean) v).build(),
		Opt.of("train_batchnorm", Kind.BOOLEAN).label("Let BatchNorm train in phase 2").byDefault(!REF.freezeBatchNorm).in(TRAIN, KFOLD_EVALUATE)
			.help("Let BatchNorm statistics and parameters train in phase 2 (the reference freezes them).")
			.into((s, v) -> s.training.freezeBatchNorm = !(Boolean) v).build(),
		Opt.of("inner_folds", Kind.INT).label("Inner cross-validation folds for threshold and calibration (0 = one validation split)").byDefault(REF.innerFolds)
			.range(0, 20).in(TRAIN, KFOLD_EVALUATE)
			.help("The threshold, calibration, prediction sets and training-data cut-off are learned on the out-of-fold predictions of this many models, each trained on the other folds' images (whole patients): every training image is held out once. Costs this many extra trainings; 0 learns them on one validation split (val_fraction) instead.")
			.into((s, v) -> s.training.innerFolds = (Integer) v).from(s -> s.training.innerFolds).build(),
		Opt.of("val_fraction", Kind.DOUBLE).label("Validation fraction").byDefault(REF.validationFraction).range(0, 0.9).in(TRAIN, KFOLD_EVALUATE)
			.help("Fraction of the training images held out for early stopping (and, with inner_folds 0, for the threshold and calibration).").into((s, v) -> s.training.validationFraction = (Double) v).from(s -> s.training.validationFraction).build(),
		Opt.of("split_seed", Kind.LONG).label("Validation split seed").cli("--val-seed").byDefault(REF.validationSeed).range(-9e15, 9e15).in(TRAIN, KFOLD_EVALUATE)
			.help("Seed of the validation split and of the inner folds.").into((s, v) -> s.training.validationSeed = (Long) v).from(s -> s.training.validationSeed).build(),
		Opt.of("training_seed", Kind.LONG).label("Training seed").cli("--seed").byDefault(REF.seed).range(-9e15, 9e15).in(TRAIN, KFOLD_EVALUATE, TRAIN_GENERATOR)
			.help("Seed of weights, shuffling, dropout and augmentation (and of a generator trained for synthetic images).")
			.into((s, v) -> s.training.seed = (Long) v).from(s -> s.training.seed).build(),
		Opt.of("early_stopping", Kind.INT).label("Early-stopping patience (epochs; 0 = off)").byDefault(REF.earlyStoppingPatience)
			.range(0, TrainingConfig.MAX_EPOCHS).in(TRAIN, KFOLD_EVALUATE)
			.help("Patience in epochs on validation loss, the best model kept; 0 = off.").into((s, v) -> s.training.earlyStoppingPatience = (Integer) v).from(s -> s.training.earlyStoppingPatience).build(),
		Opt.of("balance_classes", Kind.BOOLEAN).label("Weigh classes by inverse frequency").cli("--class-weights").byDefault(REF.classWeights).in(TRAIN, KFOLD_EVALUATE)
			.help("Weigh classes by inverse frequency in the loss (imbalanced folders).").into((s, v) -> s.training.classWeights = (Boolean) v).build(),
		Opt.of("group_file", Kind.FILE).label("Patients of the images (optional CSV of file,group)").in(TRAIN, KFOLD_EVALUATE)
			.help("For flat folders: a CSV with columns file (path below the dataset folder, or name) and group (the patient); splits keep each patient's images together. MURA's tree needs none.")
			.into((s, v) -> s.training.groupFile = v == null ? null : ((File) v).getPath()).build(),
		Opt.of("group_pattern", Kind.TEXT).label("Patient in the file name (optional regular expression)").byDefault("").in(TRAIN, KFOLD_EVALUATE)
			.help("For flat folders: a regular expression whose first (group), found in the file name, is the patient, e.g. ^(P\\d+)_.")
			.into((s, v) -> s.training.groupPattern = v == null || ((String) v).isBlank() ? null : (String) v).build(),
		Opt.of("threshold_rule", Kind.CHOICE).label("Decision threshold rule").byDefault(REF.thresholdRule)
			.choices("youden", "sensitivity", "fixed").in(TRAIN, KFOLD_EVALUATE)
			.help("How the threshold is learned on held-out predictions (see inner_folds; in k-fold, within each fold's training images): Youden's J or a target sensitivity, midway between the scores either side of the best cut, or a fixed 0.5. With fewer than 10 held-out images of a class it is 0.5, and the log says so.")
			.into((s, v) -> s.training.thresholdRule = (String) v).from(s -> s.training.thresholdRule).build(),
		Opt.of("target_sensitivity", Kind.DOUBLE).label("Target sensitivity (threshold rule sensitivity)").byDefault(REF.targetSensitivity)
			.range(0.01, 0.999).in(TRAIN, KFOLD_EVALUATE)
			.help("The sensitivity the threshold must reach under the rule 'sensitivity'.").into((s, v) -> s.training.targetSensitivity = (Double) v).from(s -> s.training.targetSensitivity).build(),
		Opt.of("calibration", Kind.CHOICE).label("Calibration fitted on held-out predictions").byDefault(REF.calibration)
			.choices("none", "platt", "temperature").in(TRAIN, KFOLD_EVALUATE)
			.help("Probability calibration fitted on the held-out predictions the threshold learns from (never on test images) and stored in the model; its effect on held-out Brier score and calibration error is logged and stored. A fit that fails is dropped with a warning, and the model records why.")
			.into((s, v) -> s.training.calibration = (String) v).from(s -> s.training.calibration).build(),
		Opt.of("pretrain_folder", Kind.FOLDER).label("Pretraining folder (optional, e.g. MURA)").cli("--pretrain").in(TRAIN, KFOLD_EVALUATE)
			.help("Pretraining dataset (e.g. MURA-v1.1/train), trained on first.")
			.into((s, v) -> s.training.pretrainDir = v == null ? null : ((File) v).getPath()).build(),
		Opt.of("pretrain_study_type", Kind.TEXT).label("Pretraining MURA study type").byDefault(REF.pretrainStudyType).in(TRAIN, KFOLD_EVALUATE)
			.help("MURA study type kept for pretraining.").into((s, v) -> s.training.pretrainStudyType = (String) v).from(s -> s.training.pretrainStudyType).build(),
		Opt.of("pretrain_frozen_epochs", Kind.INT).label("Pretraining phase 1 epochs").cli("--pretrain-epochs1").byDefault(REF.pretrainPhase1Epochs)
			.range(0, TrainingConfig.MAX_EPOCHS).in(TRAIN, KFOLD_EVALUATE)
			.help("Pretraining phase 1 epochs.").into((s, v) -> s.training.pretrainPhase1Epochs = (Integer) v).from(s -> s.training.pretrainPhase1Epochs).build(),
		Opt.of("pretrain_tuning_epochs", Kind.INT).label("Pretraining phase 2 epochs").cli("--pretrain-epochs2").byDefault(REF.pretrainPhase2Epochs)
			.range(0, TrainingConfig.MAX_EPOCHS).in(TRAIN, KFOLD_EVALUATE)
			.help("Pretraining phase 2 epochs.").into((s, v) -> s.training.pretrainPhase2Epochs = (Integer) v).from(s -> s.training.pretrainPhase2Epochs).build(),
		Opt.of("blocks", Kind.INT_LIST).label("DenseNet layers per block").byDefault(ints(REF.denseBlocks)).range(4, 4).in(TRAIN, KFOLD_EVALUATE)
			.help("DenseNet layers per dense block (DenseNet121: 6,12,24,16).")
			.into((s, v) -> s.training.denseBlocks = Options.find(s.job, "blocks").ints((String) v)).from(s -> s.training.denseBlocks == null ? "" : ints(s.training.denseBlocks)).build(),
		Opt.of("growth_rate", Kind.INT).label("DenseNet growth rate").byDefault(REF.growthRate).range(1, 256).in(TRAIN, KFOLD_EVALUATE)
			.help("DenseNet growth rate.").into((s, v) -> s.training.growthRate = (Integer) v).from(s -> s.training.growthRate).build(),
		Opt.of("bn_momentum", Kind.DOUBLE).label("BatchNorm momentum").byDefault(REF.batchNormMomentum).range(0, 0.9999).in(TRAIN, KFOLD_EVALUATE)
			.help("BatchNorm moving-average momentum.").into((s, v) -> s.training.batchNormMomentum = (Double) v).from(s -> s.training.batchNormMomentum).build(),
		Opt.of("backend", Kind.CHOICE).label("Compute backend").byDefault(Backends.CHOICES.get(0)).choices(Backends.CHOICES.toArray(new String[0]))
			.in(DETECT, DETECT_FOLDER, TRAIN, KFOLD_EVALUATE, EVALUATE, EXPORT, TRAIN_GENERATOR)
			.help("Which library computes: oneDNN directly for DenseNet (auto, where it runs on this CPU) or DL4J's graph (the reference path).")
			.into((s, v) -> s.backend = (String) v).build(),
		// Export
		Opt.of("format", Kind.CHOICE).essential().label("Export format").byDefault("bioimageio").choices("bioimageio", "onnx").in(EXPORT)
			.help("bioimageio: a BioImage.IO model package (zip) for deepImageJ, QuPath, JDLL and bioimage.io; onnx: the ONNX graph alone.")
			.into((s, v) -> s.export.format = ExportOptions.Format.valueOf(((String) v).toUpperCase(Locale.ROOT))).build(),
		Opt.of("export_file", Kind.SAVE_FILE).label("Export to (.zip package or .onnx)").cli("-o", "--output").required().in(EXPORT)
			.help("File to write: the package zip, or the .onnx graph.").into((s, v) -> s.output = (File) v).build(),
		Opt.of("heatmap_outputs", Kind.BOOLEAN).essential().label("Add the heatmap outputs (DenseNet)").byDefault(false).in(EXPORT)
			.help("Adds the class-activation map \"cam\" (and, in plain ONNX, the feature map \"features\") to P(fracture).")
			.into((s, v) -> s.export.heatmapOutputs = (Boolean) v).build(),
		Opt.of("int8", Kind.BOOLEAN).label("8-bit integer graph (format onnx; DenseNet)").byDefault(false).in(EXPORT)
			.help("Writes the model's int8 arithmetic as a QDQ ONNX graph from its own int8 calibration (ONNX Runtime runs its convolutions in 8 bits): P(fracture) within about 0.01 of the float graph's; no training-data distance output (int8's features are not the float ones). Needs format onnx and a DenseNet model trained by this version with the oneDNN backend.")
			.into((s, v) -> s.export.int8 = (Boolean) v).build(),
		Opt.of("authors", Kind.TEXT).essential().label("Authors (comma-separated; needed for a BioImage.IO package)").byDefault("").in(EXPORT)
			.help("Who trained the model, for the BioImage.IO package's authors; the package is refused without them.").into((s, v) -> s.export.authors = (String) v).build(),
		Opt.of("license", Kind.CHOICE).label("License of the package").byDefault(ExportOptions.LICENSES[0]).choices(ExportOptions.LICENSES).in(EXPORT)
			.help("SPDX licence the package declares for the model's weights.").into((s, v) -> s.export.license = (String) v).build(),
		// Synthetic images (an image generator trained on the user's own x-rays)
		Opt.of("generator_file", Kind.SAVE_FILE).label("Output generator file (.zip)").cli("-o").required().in(TRAIN_GENERATOR)
			.help("Generator file to write.").into((s, v) -> s.generator = (File) v).build(),
		Opt.of("output_folder", Kind.FOLDER).essential().label("Folder for sample grids and loss curves (optional)").in(TRAIN_GENERATOR)
			.help("Folder for grids/epoch-NNNN.png (one row of samples per class), gan-losses.csv and gan-losses.png.")
			.into((s, v) -> s.output = (File) v).build(),
		Opt.of("model_file", Kind.FILE).label("DenseNet121 model for the quality report (optional .zip)").cli("--feature-model").in(TRAIN_GENERATOR)
			.help("A DenseNet121 model file: the generator is measured in its pooled feature space (Frechet distance, precision/recall, near-copies per class).")
			.into((s, v) -> s.model = (File) v).build(),
		Opt.of("generator_file", Kind.FILE).label("Generator file (.zip)").cli("-g").required().in(GENERATE_SYNTHETIC)
			.help("Generator file written by Train Image Generator.").into((s, v) -> s.generator = (File) v).build(),
		Opt.of("synthetic_count", Kind.INT).essential().label("Images per class").cli("-n").byDefault(16).range(1, TrainingConfig.MAX_SYNTHETIC).in(GENERATE_SYNTHETIC)
			.help("Synthetic images to make of each class.").into((s, v) -> s.syntheticCount = (Integer) v).build(),
		Opt.of("output_folder", Kind.FOLDER).essential().label("Output folder (optional in Fiji: the stack opens)").cli("-o", "--output").in(GENERATE_SYNTHETIC)
			.help("Folder for Fracture/ and Normal/ PNGs (a dataset folder as Train Model reads it).").into((s, v) -> s.output = (File) v).build(),
		Opt.of("sampling_seed", Kind.LONG).label("Sampling seed").cli("--seed").byDefault(1L).range(-9e15, 9e15).in(GENERATE_SYNTHETIC)
			.help("Seed of the noise: the same seed gives the same images.").into((s, v) -> s.samplingSeed = (Long) v).build(),
		Opt.of("synthetic_per_class", Kind.INT).label("Synthetic images per class for training (0 = none)").byDefault(REF.syntheticPerClass)
			.range(0, TrainingConfig.MAX_SYNTHETIC).in(TRAIN, KFOLD_EVALUATE)
			.help("Synthetic images per class added to the training images only (never validation, thresholds or test); in k-fold the generator learns from each training fold alone.")
			.into((s, v) -> s.training.syntheticPerClass = (Integer) v).from(s -> s.training.syntheticPerClass).build(),
		Opt.of("generator_file", Kind.FILE).label("Generator file for synthetic images (optional; else one is trained)").cli("--generator").in(TRAIN, KFOLD_EVALUATE)
			.help("Sample synthetic images from this generator instead of training one on the training images (in k-fold it cannot be checked against test folds).")
			.into((s, v) -> s.training.generatorFile = v == null ? null : ((File) v).getPath()).build(),
		Opt.of("generator_size", Kind.INT).label("Generator image size (16, 32, 64 or 128)").byDefault(REF.generator.imageSize).range(GanConfig.MIN_SIZE, GanConfig.MAX_SIZE)
			.in(TRAIN_GENERATOR, TRAIN, KFOLD_EVALUATE)
			.help("Side of the generated images in pixels, a power of two; they are resized to the model's input size.")
			.into((s, v) -> s.training.generator.imageSize = (Integer) v).from(s -> s.training.generator.imageSize).build(),
		Opt.of("generator_epochs", Kind.INT).essential(TRAIN_GENERATOR).label("Generator training epochs").byDefault(REF.generator.epochs).range(1, GanConfig.MAX_EPOCHS).in(TRAIN_GENERATOR, TRAIN, KFOLD_EVALUATE)
			.help("Epochs of generator training (one discriminator and one generator step per batch).")
			.into((s, v) -> s.training.generator.epochs = (Integer) v).from(s -> s.training.generator.epochs).build(),
		Opt.of("batch_size", Kind.INT).label("Batch size").cli("-b").byDefault(REF.generator.batchSize).range(2, 1024).in(TRAIN_GENERATOR)
			.help("Real images per step (as many are generated).").into((s, v) -> s.training.generator.batchSize = (Integer) v).from(s -> s.training.generator.batchSize).build(),
		Opt.of("max_megapixels", Kind.DOUBLE).label("Largest image to read (megapixels)").byDefault(ImageLoader.DEFAULT_MEGAPIXELS)
			.range(0.01, ImageLoader.MAX_MEGAPIXELS).in(DETECT_FOLDER, TRAIN, KFOLD_EVALUATE, EVALUATE, TRAIN_GENERATOR)
			.help("Images declaring more pixels in their header are reported unreadable, not decoded.")
			.into((s, v) -> {
				s.detection.maxPixels = ImageLoader.pixels((Double) v);
				s.training.maxMegapixels = (Double) v;
			}).from(s -> s.training.maxMegapixels).build()
	);

	private static String ints(int[] v) {
		return java.util.Arrays.stream(v).mapToObj(String::valueOf).collect(Collectors.joining(","));
	}

	/** The options of one job in the order every face shows them: its essential ones first, each group in declaration order. */
	public static List<Opt> of(Job job) {
		List<Opt> l = ALL.stream().filter(o -> o.jobs().contains(job)).collect(Collectors.toList());
		l.sort(java.util.Comparator.comparing(o -> !o.essentialIn(job)));
		return l;
	}

	/** The options a job's first dialog shows (every face's essential step). */
	public static List<Opt> essential(Job job) {
		return of(job).stream().filter(o -> o.essentialIn(job)).collect(Collectors.toList());
	}

	/** The options behind a job's advanced step; a macro or the command line reaches them like any other. */
	public static List<Opt> advanced(Job job) {
		return of(job).stream().filter(o -> !o.essentialIn(job)).collect(Collectors.toList());
	}

	/** The job's option with this key. */
	public static Opt find(Job job, String key) {
		return of(job).stream().filter(o -> o.key().equals(key)).findFirst()
			.orElseThrow(() -> new IllegalArgumentException(job + " has no option " + key));
	}

	/**
	 * The settings of one run: each option's value from the front end (null
	 * = not given: its default), checked against its declaration, then the
	 * training settings as a whole.
	 */
	public static Settings settings(Job job, Function<Opt, Object> given) {
		Settings s = new Settings(job);
		for (Opt o : of(job)) {
			Object v = given.apply(o);
			if (v == null) v = o.defaultValue();
			o.applyTo(s, o.check(v));
		}
		if (job == TRAIN || job == KFOLD_EVALUATE) TrainingRules.checkCombination(s.training);
		if (job == TRAIN_GENERATOR) s.training.generator.validate();
		return s;
	}

	/**
	 * Training settings read from a file (an earlier run's summary.json)
	 * checked as if given as options: every option's range and choices, then
	 * the rules between options. Returns c.
	 */
	public static TrainingConfig checkTraining(TrainingConfig c) {
		Settings s = new Settings(TRAIN, c);
		for (Opt o : of(TRAIN)) {
			if (!o.readsBack()) continue;
			Object v = o.readFrom(s).orElseThrow(() -> new InvalidOptionException(o.key(), "it is missing"));
			o.check(v);
		}
		return TrainingRules.checkCombination(c);
	}

	/** A missing option's refusal, for faces that find it missing before settings() does. */
	static InvalidOptionException missing(Opt o) {
		return new InvalidOptionException(o.key(), "it is required");
	}
}
