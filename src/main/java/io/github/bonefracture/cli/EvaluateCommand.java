package io.github.bonefracture.cli;

import io.github.bonefracture.backend.Backends;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.ExternalEvaluation;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;
import io.github.bonefracture.report.KFoldPlots;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
	description = "A trained model on a labelled test set it never saw: AUC with its interval, sensitivity and specificity at the model's threshold, calibration, every image's prediction.")
final class EvaluateCommand implements Callable<Integer>, Main.Activity, JobOptions.JobCommand {

	@Spec
	CommandSpec spec;

	private final ConsoleProgress progress = ConsoleProgress.forTerminal();

	@Override
	public Job job() {
		return Job.EVALUATE;
	}

	@Override
	public String activity() {
		return progress.describe("evaluating on " + spec.findOption("--dataset-folder").getValue());
	}

	@Override
	public Integer call() {
		Settings s = JobOptions.settings(spec, job());
		if (s.output != null) OutputFiles.checkFolder(s.output.toPath(), "output folder (-o)");
		io.github.bonefracture.nets.NativeRuntime.report(progress);
		s.detection.heatmap = false;
		try (Detector d = Detector.load(s.model.toPath(), Backends.choose(s.backend, progress))) {
			ExternalEvaluation e = ExternalEvaluation.run(s.dataset.toPath(), d, s.detection, progress);
			if (s.output != null) {
				e.write(s.output.toPath(), s.model.getName());
				KFoldPlots.savePng(KFoldPlots.reliability(s.model.getName(), e.reliability).getImagePlus(), s.output.toPath().resolve("evaluation-reliability.png"));
				System.out.println("Wrote evaluation.json, evaluation-predictions.csv, evaluation-reliability.csv and .png to " + s.output);
			}
		}
		return Main.DONE;
	}
}
