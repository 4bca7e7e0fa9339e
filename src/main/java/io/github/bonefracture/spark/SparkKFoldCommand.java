package io.github.bonefracture.spark;

import io.github.bonefracture.usecase.KFoldOnCluster;
import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.cli.JobOptions;
import io.github.bonefracture.cli.Main;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = SparkKFoldCommand.NAME, aliases = SparkKFoldCommand.ALIAS, mixinStandardHelpOptions = true, sortOptions = false,
	description = "Stratified k-fold with each fold (of each repeat, of each setting of a grid) one Spark task; the same folds.csv, "
		+ "predictions.csv and summary.json as the local command. The dataset must be at the same path on every executor (a shared file system).")
final class SparkKFoldCommand implements Callable<Integer>, Main.Activity, JobOptions.DeclaredJob {

	/** The command line's names of the job (KFoldEvaluateCommand's). */
	static final String NAME = "kfold-evaluate", ALIAS = "eval-w-kfold";

	@Spec
	CommandSpec spec;

	@Option(names = "--grid", paramLabel = "FILE",
		description = "Further settings to evaluate on the same folds, one per line as options over this command's (e.g. --lr1 0.0003 --epochs1 40); # starts a comment.")
	File grid;

	@Mixin
	MasterOption cluster;

	private final ConsoleProgress progress = ConsoleProgress.forTerminal();

	@Override
	public Job job() {
		return Job.KFOLD_EVALUATE;
	}

	@Override
	public String activity() {
		return progress.describe("cross-validating on Spark");
	}

	@Override
	public Integer call() {
		Settings s = JobOptions.settings(spec, job());
		List<TrainingConfig> further = grid == null ? List.of() : grid(grid.toPath(), ownArgs(spec.commandLine().getParseResult().originalArgs()));
		KFoldOnCluster.run(SparkMain.session(cluster.master), s, further, progress);
		return Main.DONE;
	}

	/** The arguments after this subcommand's name. */
	private static List<String> ownArgs(List<String> all) {
		int at = -1;
		for (int i = 0; i < all.size() && at < 0; i++) if (all.get(i).equals(NAME) || all.get(i).equals(ALIAS)) at = i;
		return at < 0 ? all : all.subList(at + 1, all.size());
	}

	/** Each line's settings: this command's arguments, then the line's options over them. */
	static List<TrainingConfig> grid(Path file, List<String> base) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file);
		} catch (IOException e) {
			throw new InvalidInputException("Cannot read the grid " + file + ": " + e.getMessage());
		}
		List<TrainingConfig> configs = new ArrayList<>();
		for (int n = 0; n < lines.size(); n++) {
			String line = lines.get(n).trim();
			if (line.isEmpty() || line.startsWith("#")) continue;
			List<String> args = new ArrayList<>();
			for (int i = 0; i < base.size(); i++) {
				// The grid option itself is not repeated in the lines' commands.
				if (base.get(i).equals("--grid")) i++;
				else if (!base.get(i).startsWith("--grid=")) args.add(base.get(i));
			}
			args.addAll(Arrays.asList(line.split("\\s+")));
			args.add(0, NAME);
			CommandLine root = Main.commandLine(new SparkMain());
			root.setOverwrittenOptionsAllowed(true);
			CommandLine cl = root.getSubcommands().get(NAME);
			try {
				root.parseArgs(args.toArray(new String[0]));
			} catch (CommandLine.ParameterException e) {
				throw new InvalidInputException("Grid " + file + " line " + (n + 1) + ": " + e.getMessage());
			}
			configs.add(JobOptions.settings(cl.getCommandSpec(), Job.KFOLD_EVALUATE).training);
		}
		if (configs.isEmpty()) throw new InvalidInputException("The grid " + file + " has no settings (one line of options per setting)");
		return configs;
	}
}
