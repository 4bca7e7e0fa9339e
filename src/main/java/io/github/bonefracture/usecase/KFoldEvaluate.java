package io.github.bonefracture.usecase;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.Architecture;
import io.github.bonefracture.engine.FoldExecutor;
import io.github.bonefracture.engine.KFoldEvaluator;
import io.github.bonefracture.engine.KFoldResult;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.options.Settings;
import io.github.bonefracture.report.KFoldPlots;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * K-Fold Evaluate: a fresh model per fold for each setting compared (the
 * options', the baseline's and an earlier run's when asked), or an earlier
 * run again from its summary.json; the files and plots go to the output
 * folder when one is given. Each setting's report reaches the log once.
 */
public final class KFoldEvaluate {
	private KFoldEvaluate() {}

	public static List<KFoldResult> run(Settings s, Progress progress) {
		Path out = output(s).orElse(null);
		Backend backend = RunStart.backend(s, progress);
		List<KFoldResult> results = s.rerun != null
			? Summaries.read(s.rerun).run(s.dataset.toPath(), backend, progress, out)
			: new KFoldEvaluator(s.k, s.foldSeed, s.repeats, backend, progress).run(s.dataset.toPath(), configs(s), out);
		writePlots(results, out, progress);
		return results;
	}

	/** The same with each fold run by remote, after the given further settings (a cluster's grid). */
	public static List<KFoldResult> run(Settings s, List<TrainingConfig> further, FoldExecutor remote, Progress progress) {
		Path out = output(s).orElse(null);
		List<TrainingConfig> configs = configs(s);
		configs.addAll(further);
		List<KFoldResult> results = new KFoldEvaluator(s.k, s.foldSeed, s.repeats, RunStart.backend(s, progress), progress)
			.run(s.dataset.toPath(), configs, out, remote);
		writePlots(results, out, progress);
		return results;
	}

	/** The settings compared, in order: the options', then the baseline's and the earlier run's when asked for. */
	public static List<TrainingConfig> configs(Settings s) {
		List<TrainingConfig> configs = new ArrayList<>();
		configs.add(s.training);
		if (s.compareBaseline) configs.addAll(s.training.baselines());
		if (s.compareWith != null) configs.add(Summaries.read(s.compareWith).configs.get(0));
		return configs;
	}

	/** The output folder, checked before any work; empty when none was given. */
	private static java.util.Optional<Path> output(Settings s) {
		if (s.output == null) return java.util.Optional.empty();
		OutputFiles.checkFolder(s.output.toPath(), "output folder");
		return java.util.Optional.of(s.output.toPath());
	}

	private static void writePlots(List<KFoldResult> results, Path out, Progress progress) {
		if (out == null) return;
		KFoldPlots.write(results, out);
		progress.info("Wrote folds.csv, predictions.csv, reliability.csv, summary.json and the ROC and reliability plots to " + out);
	}
}
