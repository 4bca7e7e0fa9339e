package io.github.bonefracture.cli;

import io.github.bonefracture.usecase.GenerateSyntheticXrays;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import picocli.CommandLine.Command;

@Command(name = "generate-synthetic", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Writes N synthetic images per class from a generator file into OUT/Fracture and OUT/Normal.")
final class GenerateSyntheticCommand extends JobCli {

	GenerateSyntheticCommand() {
		super(Job.GENERATE_SYNTHETIC);
	}

	@Override
	public String activity() {
		return progress.describe("generating synthetic x-rays");
	}

	@Override
	int run(Settings s) {
		if (s.output == null) throw new InvalidInputException("No output folder given (-o DIR): the command line writes the images there");
		GenerateSyntheticXrays.write(s, progress);
		return Main.DONE;
	}
}
