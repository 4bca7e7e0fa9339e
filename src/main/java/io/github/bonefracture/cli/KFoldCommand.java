package io.github.bonefracture.cli;

import io.github.bonefracture.backend.Backends;
import io.github.bonefracture.engine.Architecture;
import io.github.bonefracture.engine.KFoldEvaluator;
import io.github.bonefracture.engine.KFoldRerun;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.report.KFoldPlots;
import io.github.bonefracture.options.Settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "eval-w-kfold", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Stratified k-fold evaluation: a fresh model per fold; per-fold and summary figures, out-of-fold predictions as CSV and JSON.")
public final class KFoldCommand implements Callable<Integer>, Main.Activity, JobOptions.JobCommand {

	@Spec
	CommandSpec spec;

	private final ConsoleProgress progress = ConsoleProgress.forTerminal();

	@Override
	public Job job() {
		return Job.KFOLD;
	}

	@Override
	public String activity() {
		return progress.describe("cross-validating on " + spec.findOption("--dataset-folder").getValue());
	}

	@Override
	public Integer call() {
		Settings s = JobOptions.settings(spec, job());
		io.github.bonefracture.nets.NativeRuntime.report(progress);
		List<TrainingConfig> configs = configs(s);
		Path out = s.output == null ? null : s.output.toPath();
		// Each architecture's report reaches the console through the progress log.
		List<KFoldEvaluator.Result> results = s.rerun != null
			? KFoldRerun.read(s.rerun.toPath()).run(s.dataset.toPath(), Backends.choose(s.backend, progress), progress, out)
			: new KFoldEvaluator(s.k, s.foldSeed, s.repeats, Backends.choose(s.backend, progress), progress).run(s.dataset.toPath(), configs, out);
		writePlots(results, out);
		return 0;
	}

	/** The plots beside the files the evaluator wrote, and where they all are. */
	public static void writePlots(List<KFoldEvaluator.Result> results, Path out) {
		if (out == null) return;
		KFoldPlots.write(results, out);
		System.out.println("Wrote folds.csv, predictions.csv, reliability.csv, summary.json and the ROC and reliability plots to " + out);
	}

	/** The run's settings in order: the options', then the baseline and the earlier run's when asked for. */
	public static List<TrainingConfig> configs(Settings s) {
		List<TrainingConfig> configs = new ArrayList<>();
		configs.add(s.training);
		if (s.compareBaseline && s.training.architecture != Architecture.BASELINE_CNN) configs.add(s.training.asBaseline());
		if (s.compareWith != null) configs.add(KFoldRerun.read(s.compareWith.toPath()).configs.get(0));
		return configs;
	}
}
