package io.github.bonefracture.cli;

import io.github.bonefracture.usecase.EvaluateModel;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import picocli.CommandLine.Command;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
	description = "A trained model on a labelled test set it never saw: AUC with its interval, sensitivity and specificity at the model's threshold, calibration, every image's prediction.")
final class EvaluateCommand extends JobCli {

	EvaluateCommand() {
		super(Job.EVALUATE);
	}

	@Override
	public String activity() {
		return progress.describe("evaluating on " + given("--dataset-folder"));
	}

	@Override
	int run(Settings s) {
		EvaluateModel.run(s, progress);
		return Main.DONE;
	}
}
