package io.github.bonefracture.cli;

import io.github.bonefracture.data.ImageInputs;
import io.github.bonefracture.backend.Backends;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.report.DetectionReport;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Detect fractures in one image or every image of a folder: P(fracture), label, heatmap; CSV and annotated PNGs with -o.")
final class DetectCommand implements Callable<Integer>, Main.Activity, JobOptions.JobCommand {

	@Spec
	CommandSpec spec;

	private final ConsoleProgress progress = ConsoleProgress.forTerminal();

	@Override
	public Job job() {
		return Job.DETECT_FOLDER;
	}

	@Override
	public String activity() {
		return progress.describe("detecting fractures in " + spec.findOption("--input-folder").getValue());
	}

	@Override
	public Integer call() {
		Settings s = JobOptions.settings(spec, job());
		Detector.Options o = s.detection;
		Path output = s.output == null ? null : s.output.toPath();
		// The heatmap is only drawn into files: without -o it is not computed.
		o.heatmap &= output != null;
		if (output != null) OutputFiles.checkFolder(output, "output folder (-o)");
		ImageInputs inputs = ImageInputs.of(s.input.toPath(), output);
		io.github.bonefracture.nets.NativeRuntime.report(progress);
		try (Detector detector = Detector.load(s.model.toPath(), Backends.choose(s.backend, progress))) {
			return detect(detector, inputs, o, output, s.model.getName());
		}
	}

	private int detect(Detector detector, ImageInputs inputs, Detector.Options o, Path output, String modelName) {
		for (String why : detector.precisionNotes(o)) progress.warn(why);
		List<Detector.FileResult> results = detector.detectFiles(inputs, o, progress);
		for (Detector.FileResult r : results)
			System.out.println(r.error != null ? r.file + "\tERROR\t" + r.error
				: String.format(java.util.Locale.ROOT, "%s\t%s\t%.4f", r.file, r.prediction.label.displayName(), r.prediction.probability));
		System.out.flush();
		if (output != null) {
			DetectionReport.write(results, inputs.root, output, modelName, o.heatmap, o.maxPixels, progress);
			System.out.println("Wrote " + output.resolve(DetectionReport.CSV) + " and annotated images to " + output);
		}
		inputs.notUsedLine().ifPresent(progress::warn);
		long failed = results.stream().filter(r -> r.error != null).count();
		if (failed > 0) System.err.println(failed + " of " + results.size() + " files could not be read (see ERROR lines)");
		return failed == results.size() ? Main.BAD_INPUT : Main.DONE;
	}
}
