package io.github.bonefracture.cli;

import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.report.TrainingCurves;
import io.github.bonefracture.backend.Backends;
import io.github.bonefracture.engine.TrainingJob;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Train a model on a dataset folder (Fracture/ and Normal/) with the reference protocol and save it as one zip.")
final class TrainCommand implements Callable<Integer>, Main.Activity, JobOptions.JobCommand {

	@Spec
	CommandSpec spec;

	private final ConsoleProgress progress = ConsoleProgress.forTerminal();

	@Override
	public Job job() {
		return Job.TRAIN;
	}

	@Override
	public String activity() {
		return progress.describe("training on " + spec.findOption("--dataset-folder").getValue());
	}

	@Override
	public Integer call() {
		Settings s = JobOptions.settings(spec, job());
		io.github.bonefracture.nets.NativeRuntime.report(progress);
		if (s.output != null) OutputFiles.checkFolder(s.output.toPath(), "output folder (--output-folder)");
		TrainingCurves curves = s.output == null ? null : new TrainingCurves(false);
		new TrainingJob(s.training, Backends.choose(s.backend, progress), progress, curves).run(s.dataset.toPath(), s.model.toPath());
		if (curves != null) {
			curves.save(s.output.toPath());
			System.out.println("Wrote " + s.output.toPath().resolve(TrainingCurves.HISTORY) + " and " + TrainingCurves.PLOT);
		}
		return 0;
	}
}
