package io.github.bonefracture.cli;

import io.github.bonefracture.engine.Architecture;
import io.github.bonefracture.engine.DetectionReport;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.KFoldEvaluator;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.engine.TrainingJob;
import io.github.bonefracture.nets.NativeRuntime;
import io.github.bonefracture.phantom.PhantomGenerator;
import io.github.bonefracture.phantom.SampleImages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
	description = "The whole job on the bundled sample x-rays in a few minutes: k-fold of a small DenseNet and the baseline CNN, "
		+ "train a model, detect every sample, print the figures.")
final class DemoCommand implements Callable<Integer> {

	@Option(names = {"-i", "--input"}, defaultValue = "sample-images", description = "Dataset (default: ${DEFAULT-VALUE}; generated when missing).")
	Path input;

	@Option(names = {"-o", "--output"}, defaultValue = "target/demo", description = "Work folder (default: ${DEFAULT-VALUE}).")
	Path output;

	@Option(names = {"-k", "--folds"}, defaultValue = "3", description = "Folds (default: ${DEFAULT-VALUE}).")
	int k;

	@Option(names = "--epochs", defaultValue = "20", description = "Epochs per model (default: ${DEFAULT-VALUE}).")
	int epochs;

	/** A DenseNet of the same code, small enough for 2 cores in minutes; no ImageNet weights are needed. */
	static TrainingConfig smallDenseNet(int epochs) {
		TrainingConfig c = new TrainingConfig();
		c.architecture = Architecture.DENSENET121;
		c.imageSize = 96;
		c.denseBlocks = new int[] {2, 2, 2, 2};
		c.growthRate = 8;
		c.batchNormMomentum = 0.9;
		c.weights = TrainingConfig.WeightSource.RANDOM;
		c.phase1Epochs = epochs;
		c.phase1LearningRate = 2e-3;
		c.phase2Epochs = 0;
		c.batchSize = 8;
		c.augmentRotation = 0.03;
		c.augmentZoom = 0.1;
		c.augmentBrightness = 0.1;
		return c.validate();
	}

	@Override
	public Integer call() throws Exception {
		ConsoleProgress progress = ConsoleProgress.forTerminal();
		long t0 = System.nanoTime();
		progress.info(NativeRuntime.configure().message);
		Path data = input;
		if (!Files.isDirectory(data)) {
			data = output.resolve("sample-images");
			progress.info("No " + input + " here: generating phantoms into " + data);
			new PhantomGenerator(SampleImages.SEED).writeSet(data, SampleImages.PER_CLASS, SampleImages.TIFF_PER_CLASS);
		}
		Files.createDirectories(output);
		TrainingConfig dense = smallDenseNet(epochs);
		TrainingConfig baseline = KFoldCommand.baselineLike(dense);

		progress.info("== 1. " + k + "-fold cross-validation, both architectures on the same folds");
		List<KFoldEvaluator.Result> kfold = new KFoldEvaluator(k, 42, progress).run(data, List.of(dense, baseline), output.resolve("kfold"));

		progress.info("== 2. Training the final model on all images");
		Path model = output.resolve("demo-model.zip");
		ModelFile m = new TrainingJob(dense, progress, null).run(data, model);

		progress.info("== 3. Detecting every image with the new model");
		Detector.Options o = new Detector.Options();
		List<Detector.FileResult> det = new Detector(m).detectFiles(DetectionReport.imageFiles(data), o, progress);
		DetectionReport.write(det, output.resolve("detections"), model.getFileName().toString(), true);

		System.out.println();
		System.out.println("== Demo figures (" + data + ")");
		for (KFoldEvaluator.Result r : kfold) System.out.print(r.report());
		long fractures = det.stream().filter(r -> r.prediction != null && r.prediction.label == io.github.bonefracture.data.Label.FRACTURE).count();
		System.out.printf(Locale.ROOT, "Final model %s: %d of %d images called Fracture%n", model, fractures, det.size());
		System.out.println("Annotated images and detections.csv: " + output.resolve("detections"));
		System.out.printf(Locale.ROOT, "Demo took %.0f s%n", (System.nanoTime() - t0) / 1e9);
		return 0;
	}
}
