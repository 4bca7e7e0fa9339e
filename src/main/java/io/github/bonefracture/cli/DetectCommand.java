package io.github.bonefracture.cli;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.DetectionReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Detect fractures in one image or every image of a folder: P(fracture), label, heatmap; CSV and annotated PNGs with -o.")
final class DetectCommand implements Callable<Integer> {

	@Option(names = {"-i", "--input"}, required = true, description = "An image file or a folder of images (searched recursively).")
	Path input;

	@Option(names = {"-m", "--model"}, required = true, description = "Model file (.zip) from train.")
	Path model;

	@Option(names = {"-o", "--output"}, description = "Folder for detections.csv and annotated PNGs.")
	Path output;

	@Option(names = {"-t", "--threshold"}, description = "Decision threshold on P(fracture) (default: the model's).")
	Double threshold;

	@Option(names = "--no-heatmap", description = "Do not compute or draw the class-activation heatmap.")
	boolean noHeatmap;

	@Option(names = "--tta", description = "Average with the horizontally flipped image (test-time augmentation).")
	boolean tta;

	@Option(names = "--bf16", description = "bfloat16 arithmetic: about twice as fast where the CPU has it (AVX-512 BF16, AMX); float elsewhere.")
	boolean bf16;

	@Option(names = {"-b", "--batch-size"}, defaultValue = "8", description = "Images per network call (default: ${DEFAULT-VALUE}).")
	int batchSize;

	@Override
	public Integer call() {
		if (!Files.exists(input)) throw new InvalidInputException("Input not found: " + input);
		ConsoleProgress progress = ConsoleProgress.forTerminal();
		io.github.bonefracture.nets.NativeRuntime.report(progress);
		try (Detector detector = Detector.load(model)) {
			return detect(detector, progress);
		}
	}

	private int detect(Detector detector, ConsoleProgress progress) {
		Detector.Options o = Detector.Options.of(threshold == null ? 0 : threshold, !noHeatmap && output != null, tta);
		o.batchSize = batchSize;
		o.bf16 = bf16;
		String why = detector.bf16Refusal(o);
		if (why != null) progress.warn(why);
		List<Path> files = DetectionReport.imageFiles(input);
		List<Detector.FileResult> results = detector.detectFiles(files, o, progress);
		for (Detector.FileResult r : results)
			System.out.println(r.error != null ? r.file + "\tERROR\t" + r.error
				: String.format(java.util.Locale.ROOT, "%s\t%s\t%.4f", r.file, r.prediction.label.displayName(), r.prediction.probability));
		if (output != null) {
			DetectionReport.write(results, output, model.getFileName().toString(), o.heatmap);
			System.out.println("Wrote " + output.resolve(DetectionReport.CSV) + " and annotated images to " + output);
		}
		long failed = results.stream().filter(r -> r.error != null).count();
		if (failed > 0) System.err.println(failed + " of " + results.size() + " files could not be read (see ERROR lines)");
		return failed == results.size() ? 1 : 0;
	}
}
