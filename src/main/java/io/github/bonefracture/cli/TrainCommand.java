package io.github.bonefracture.cli;

import io.github.bonefracture.usecase.TrainModel;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import picocli.CommandLine.Command;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Train a model on a dataset folder (Fracture/ and Normal/) with the reference protocol and save it as one zip.")
final class TrainCommand extends JobCli {

	TrainCommand() {
		super(Job.TRAIN);
	}

	@Override
	public String activity() {
		return progress.describe("training on " + given("--dataset-folder"));
	}

	@Override
	int run(Settings s) {
		TrainModel.run(s, false, progress);
		return Main.DONE;
	}
}
