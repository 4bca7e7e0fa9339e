package io.github.bonefracture.cli;

import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.usecase.GenerateSyntheticXrays;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "generate-synthetic", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Writes N synthetic images per class from a generator file into OUT/Fracture and OUT/Normal.")
final class GenerateSyntheticCommand implements Callable<Integer>, Main.Activity, JobOptions.DeclaredJob {
	@Spec
	CommandSpec spec;

	private final ConsoleProgress progress = ConsoleProgress.forTerminal();

	@Override
	public Job job() {
		return Job.GENERATE_SYNTHETIC;
	}

	@Override
	public String activity() {
		return progress.describe("generating synthetic x-rays");
	}

	@Override
	public Integer call() {
		Settings s = JobOptions.settings(spec, job());
		if (s.output == null) throw new InvalidInputException("No output folder given (-o DIR): the command line writes the images there");
		GenerateSyntheticXrays.write(s, progress);
		return Main.DONE;
	}
}
