package io.github.bonefracture.cli;

import io.github.bonefracture.usecase.KFoldEvaluate;
import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.options.Job;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "kfold-evaluate", aliases = "eval-w-kfold", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Stratified k-fold evaluation: a fresh model per fold; per-fold and summary figures, out-of-fold predictions as CSV and JSON.")
public final class KFoldEvaluateCommand implements Callable<Integer>, Main.Activity, JobOptions.DeclaredJob {

	@Spec
	CommandSpec spec;

	private final ConsoleProgress progress = ConsoleProgress.forTerminal();

	@Override
	public Job job() {
		return Job.KFOLD_EVALUATE;
	}

	@Override
	public String activity() {
		return progress.describe("cross-validating on " + spec.findOption("--dataset-folder").getValue());
	}

	@Override
	public Integer call() {
		// Each setting's report reaches the console through the progress log.
		KFoldEvaluate.run(JobOptions.settings(spec, job()), progress);
		return Main.DONE;
	}
}
