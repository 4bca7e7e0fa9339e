package io.github.bonefracture.cli;

import io.github.bonefracture.usecase.TrainImageGenerator;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import picocli.CommandLine.Command;

@Command(name = "train-generator", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Trains an image generator on a dataset folder (Fracture/ and Normal/) and writes it as a generator file.")
final class TrainGeneratorCommand extends JobCli {

	TrainGeneratorCommand() {
		super(Job.TRAIN_GENERATOR);
	}

	@Override
	public String activity() {
		return progress.describe("training an image generator");
	}

	@Override
	int run(Settings s) {
		TrainImageGenerator.run(s, progress);
		System.out.println("Wrote " + s.generator);
		return Main.DONE;
	}
}
