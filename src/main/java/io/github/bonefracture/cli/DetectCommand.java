package io.github.bonefracture.cli;

import io.github.bonefracture.core.OptionCheck;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.engine.DetectionReport;
import io.github.bonefracture.engine.Detector;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Detect fractures in one image or every image of a folder: P(fracture), label, heatmap; CSV and annotated PNGs with -o.")
final class DetectCommand implements Callable<Integer>, Main.Activity {

	@Option(names = {"-i", "--input"}, required = true, description = "An image file or a folder of images (searched recursively, links followed).")
	Path input;

	@Option(names = {"-m", "--model"}, required = true, description = "Model file (.zip) from train.")
	Path model;

	@Option(names = {"-o", "--output"}, description = "Folder for detections.csv and annotated PNGs (mirroring the input's sub-folders).")
	Path output;

	@Option(names = {"-t", "--threshold"}, description = "Decision threshold on P(fracture), between 0 and 1 (default: the model's).")
	Double threshold;

	@Option(names = "--no-heatmap", description = "Do not compute or draw the class-activation heatmap.")
	boolean noHeatmap;

	@Option(names = "--tta", description = "Average with the horizontally flipped image (test-time augmentation).")
	boolean tta;

	@Option(names = "--bf16", description = "bfloat16 arithmetic: about twice as fast where the CPU has it (AVX-512 BF16, AMX); float elsewhere.")
	boolean bf16;

	@Option(names = {"-b", "--batch-size"}, defaultValue = "8", description = "Images per network call, 1 to 1024 (default: ${DEFAULT-VALUE}).")
	int batchSize;

	@Option(names = "--max-megapixels", defaultValue = "" + ImageLoader.DEFAULT_MEGAPIXELS,
		description = "Images declaring more pixels in their header are reported unreadable, not decoded (default: ${DEFAULT-VALUE}).")
	double maxMegapixels;

	private final ConsoleProgress progress = ConsoleProgress.forTerminal();

	@Override
	public String activity() {
		return progress.describe("detecting fractures in " + input);
	}

	@Override
	public Integer call() {
		Detector.Options o = Detector.Options.of(0, !noHeatmap && output != null, tta);
		if (threshold != null) o.threshold = OptionCheck.open("threshold", threshold, 0, 1);
		o.batchSize = OptionCheck.count("batch_size", batchSize, 1, 1024);
		o.maxMegapixels(maxMegapixels).bf16(bf16);
		if (output != null) OutputFiles.checkFolder(output, "output folder (-o)");
		DetectionReport.Inputs inputs = DetectionReport.inputs(input);
		io.github.bonefracture.nets.NativeRuntime.report(progress);
		try (Detector detector = Detector.load(model)) {
			return detect(detector, inputs, o);
		}
	}

	private int detect(Detector detector, DetectionReport.Inputs inputs, Detector.Options o) {
		String why = detector.bf16Refusal(o);
		if (why != null) progress.warn(why);
		List<Detector.FileResult> results = detector.detectFiles(inputs, o, progress);
		for (Detector.FileResult r : results)
			System.out.println(r.error != null ? r.file + "\tERROR\t" + r.error
				: String.format(java.util.Locale.ROOT, "%s\t%s\t%.4f", r.file, r.prediction.label.displayName(), r.prediction.probability));
		System.out.flush();
		if (output != null) {
			DetectionReport.write(results, inputs.root, output, model.getFileName().toString(), o.heatmap, o.maxPixels, progress);
			System.out.println("Wrote " + output.resolve(DetectionReport.CSV) + " and annotated images to " + output);
		}
		long failed = results.stream().filter(r -> r.error != null).count();
		if (failed > 0) System.err.println(failed + " of " + results.size() + " files could not be read (see ERROR lines)");
		return failed == results.size() ? Main.BAD_INPUT : Main.DONE;
	}
}
