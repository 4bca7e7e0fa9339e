package io.github.bonefracture.cli;

import io.github.bonefracture.engine.Architecture;
import io.github.bonefracture.engine.KFoldEvaluator;
import io.github.bonefracture.engine.TrainingConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval-w-kfold", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Stratified k-fold evaluation: a fresh model per fold; per-fold and summary figures, out-of-fold predictions as CSV and JSON.")
final class KFoldCommand implements Callable<Integer>, Main.Activity {

	@Option(names = {"-i", "--input"}, required = true, description = "Dataset folder.")
	Path input;

	@Option(names = {"-k", "--folds"}, defaultValue = "10", description = "Number of folds (default: ${DEFAULT-VALUE}).")
	int k;

	@Option(names = "--fold-seed", defaultValue = "42", description = "Seed of the fold shuffle (default: ${DEFAULT-VALUE}).")
	long foldSeed;

	@Option(names = {"-o", "--output"}, defaultValue = "kfold-results", description = "Folder for folds.csv, predictions.csv, summary.json (default: ${DEFAULT-VALUE}).")
	Path output;

	@Option(names = "--compare-baseline", description = "Also run the baseline CNN (from random weights) on the same folds.")
	boolean compareBaseline;

	@Mixin
	TrainingOptions training;

	private final ConsoleProgress progress = ConsoleProgress.forTerminal();

	@Override
	public String activity() {
		return progress.describe("cross-validating on " + input);
	}

	@Override
	public Integer call() {
		io.github.bonefracture.nets.NativeRuntime.report(progress);
		List<TrainingConfig> configs = new ArrayList<>();
		TrainingConfig c = training.toConfig();
		configs.add(c);
		if (compareBaseline && c.architecture != Architecture.BASELINE_CNN) configs.add(baselineLike(c));
		// Each architecture's report reaches the console through the progress log.
		new KFoldEvaluator(k, foldSeed, progress).run(input, configs, output);
		System.out.println("Wrote " + output.resolve("folds.csv") + ", " + output.resolve("predictions.csv") + ", " + output.resolve("summary.json"));
		return 0;
	}

	/** The baseline with the same schedule; it has no pretrained weights. */
	static TrainingConfig baselineLike(TrainingConfig c) {
		TrainingConfig b = c.copy();
		b.architecture = Architecture.BASELINE_CNN;
		b.weights = TrainingConfig.WeightSource.RANDOM;
		b.weightsFile = null;
		b.pretrainDir = null;
		return b.validate();
	}
}
