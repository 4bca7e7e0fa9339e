package io.github.bonefracture.cli;

import io.github.bonefracture.usecase.EvaluateModel;
import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.options.Job;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
	description = "A trained model on a labelled test set it never saw: AUC with its interval, sensitivity and specificity at the model's threshold, calibration, every image's prediction.")
final class EvaluateCommand implements Callable<Integer>, Main.Activity, JobOptions.DeclaredJob {

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
		EvaluateModel.run(JobOptions.settings(spec, job()), progress);
		return Main.DONE;
	}
}
