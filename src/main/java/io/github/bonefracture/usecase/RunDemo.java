package io.github.bonefracture.usecase;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageInputs;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.engine.Architecture;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.KFoldEvaluator;
import io.github.bonefracture.engine.KFoldResult;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.engine.ModelTraining;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.nets.NativeRuntime;
import io.github.bonefracture.options.Options;
import io.github.bonefracture.phantom.PhantomGenerator;
import io.github.bonefracture.phantom.SampleImages;
import io.github.bonefracture.report.DetectionReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo: pretrain a small DenseNet on synthetic x-rays (the role MURA
 * plays in the reference), k-fold it against the baseline CNN on the sample
 * images, train the final model, detect every sample.
 */
public final class RunDemo {

	/** What the demo found. */
	public static final class Result {
		public final Path data;
		public final Path model;
		public final Path detections;
		public final List<KFoldResult> kfold;
		/** Sample images labelled as their folder says, of all detected (the final model's own training data). */
		public final long correct;
		public final int detected;

		Result(Path data, Path model, Path detections, List<KFoldResult> kfold, long correct, int detected) {
			this.data = data;
			this.model = model;
			this.detections = detections;
			this.kfold = kfold;
			this.correct = correct;
			this.detected = detected;
		}
	}

	private RunDemo() {}

	/** A DenseNet of the same code, small enough for 2 cores in minutes; no ImageNet weights are needed. */
	public static TrainingConfig smallDenseNet() {
		TrainingConfig c = new TrainingConfig();
		c.architecture = Architecture.DENSENET121;
		c.imageSize = 96;
		c.denseBlocks = new int[] {2, 2, 2, 2};
		c.growthRate = 8;
		c.batchNormMomentum = 0.9;
		c.batchSize = 8;
		c.augmentRotation = 0.03;
		c.augmentZoom = 0.1;
		c.augmentBrightness = 0.1;
		return c;
	}

	/** From random weights on the large synthetic set. */
	public static TrainingConfig pretraining() {
		TrainingConfig c = smallDenseNet();
		c.weights = TrainingConfig.WeightSource.RANDOM;
		c.augmentRotation = 0;
		c.augmentZoom = 0;
		c.phase1Epochs = 20;
		c.phase1LearningRate = 1e-3;
		c.phase2Epochs = 0;
		// From random weights validation swings from epoch to epoch (BatchNorm's moving statistics lag):
		// keep the best epoch, never stop early.
		c.earlyStoppingPatience = c.phase1Epochs;
		return Options.checkTraining(c);
	}

	/** The reference protocol, shortened, starting from the pretrained model. */
	public static TrainingConfig fineTuning(Path pretrained) {
		TrainingConfig c = smallDenseNet();
		c.weights = TrainingConfig.WeightSource.MODEL;
		c.weightsFile = pretrained.toString();
		c.phase1Epochs = 5;
		c.phase1LearningRate = 1e-3;
		c.phase2Epochs = 5;
		c.phase2LearningRate = 1e-4;
		return Options.checkTraining(c);
	}

	/** The demo on input (phantoms generated there when it is missing), its files below output. */
	public static Result run(Path input, Path output, int k, int pretrainImages, Progress progress) {
		NativeRuntime.report(progress);
		Backend backend = Backends.choose(null, progress);
		Path data = input;
		try {
			if (!Files.isDirectory(data)) {
				data = output.resolve("sample-images");
				progress.info("No " + input + " here: generating phantoms into " + data);
				new PhantomGenerator(SampleImages.SEED).writeSet(data, SampleImages.PER_CLASS, SampleImages.TIFF_PER_CLASS);
			}
			Files.createDirectories(output);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		progress.info("== 1. Pretraining on " + 2 * pretrainImages + " synthetic x-rays with pronounced fractures (seed 1000, not the samples)");
		Path synthetic = output.resolve("pretrain-phantoms");
		if (!Files.isDirectory(synthetic)) new PhantomGenerator(1000, 96, 96, 2).writeSet(synthetic, pretrainImages, 0);
		Path pretrained = output.resolve("pretrained.zip");
		new ModelTraining(pretraining(), backend, progress, null).run(synthetic, pretrained);

		progress.info("== 2. " + k + "-fold cross-validation on " + data + ": the pretrained DenseNet and three baselines from random weights on the same folds");
		TrainingConfig dense = fineTuning(pretrained);
		List<TrainingConfig> configs = new java.util.ArrayList<>(List.of(dense));
		configs.addAll(dense.baselines());
		List<KFoldResult> kfold = new KFoldEvaluator(k, 42, backend, progress).run(data, configs, output.resolve("kfold"));

		progress.info("== 3. Training the final model on all of " + data);
		Path model = output.resolve("demo-model.zip");
		ModelFile m = new ModelTraining(dense, backend, progress, null).run(data, model);
		m.metadata.kfold = kfold.get(0).summary();
		m.save(model);

		progress.info("== 4. Detecting every image with the new model");
		List<Detector.FileResult> det;
		try (Detector d = new Detector(m, backend)) {
			det = d.detectFiles(ImageInputs.of(data), new Detector.Options(), progress);
		}
		DetectionReport.write(det, data, output.resolve("detections"), model.getFileName().toString(), true, ImageLoader.DEFAULT_MAX_PIXELS, progress);

		long correct = det.stream().filter(r -> r.prediction != null && r.prediction.label.displayName().equalsIgnoreCase(
			r.file.getParent().getFileName().toString())).count();
		return new Result(data, model, output.resolve("detections"), kfold, correct, det.size());
	}
}
