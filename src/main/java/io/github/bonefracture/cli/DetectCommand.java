package io.github.bonefracture.cli;

import io.github.bonefracture.usecase.DetectFolder;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import picocli.CommandLine.Command;

@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Detect fractures in one image or every image of a folder: P(fracture), label, heatmap; CSV and annotated PNGs with -o.")
final class DetectCommand extends JobCli {

	DetectCommand() {
		super(Job.DETECT_FOLDER);
	}

	@Override
	public String activity() {
		return progress.describe("detecting fractures in " + given("--input-folder"));
	}

	@Override
	int run(Settings s) {
		DetectFolder.Result r = DetectFolder.run(s, progress);
		for (Detector.FileResult f : r.files)
			System.out.println(f.error != null ? f.file + "\tERROR\t" + f.error
				: String.format(java.util.Locale.ROOT, "%s\t%s\t%.4f\t%s", f.file, f.prediction.label.displayName(), f.prediction.probability, f.prediction.answer()));
		System.out.flush();
		r.csv.ifPresent(csv -> System.out.println("Wrote " + csv + " and annotated images to " + csv.getParent()));
		if (r.unreadable > 0) System.err.println(r.unreadable + " of " + r.files.size() + " files could not be read (see ERROR lines)");
		return r.unreadable == r.files.size() ? Main.BAD_INPUT : Main.DONE;
	}
}
