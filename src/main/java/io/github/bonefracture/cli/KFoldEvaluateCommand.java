package io.github.bonefracture.cli;

import io.github.bonefracture.usecase.KFoldEvaluate;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import picocli.CommandLine.Command;

@Command(name = "kfold-evaluate", aliases = "eval-w-kfold", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Stratified k-fold evaluation: a fresh model per fold; per-fold and summary figures, out-of-fold predictions as CSV and JSON.")
final class KFoldEvaluateCommand extends JobCli {

	KFoldEvaluateCommand() {
		super(Job.KFOLD_EVALUATE);
	}

	@Override
	public String activity() {
		return progress.describe("cross-validating on " + given("--dataset-folder"));
	}

	@Override
	int run(Settings s) {
		// Each setting's report reaches the console through the progress log.
		KFoldEvaluate.run(s, progress);
		return Main.DONE;
	}
}
