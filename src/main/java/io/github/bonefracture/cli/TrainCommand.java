package io.github.bonefracture.cli;

import io.github.bonefracture.usecase.TrainModel;
import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.options.Job;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Train a model on a dataset folder (Fracture/ and Normal/) with the reference protocol and save it as one zip.")
final class TrainCommand implements Callable<Integer>, Main.Activity, JobOptions.DeclaredJob {

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
		TrainModel.run(JobOptions.settings(spec, job()), false, progress);
		return Main.DONE;
	}
}
