package io.github.bonefracture.cli;

import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.usecase.TrainImageGenerator;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "train-generator", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Trains an image generator on a dataset folder (Fracture/ and Normal/) and writes it as a generator file.")
final class TrainGeneratorCommand implements Callable<Integer>, Main.Activity, JobOptions.DeclaredJob {
	@Spec
	CommandSpec spec;

	private final ConsoleProgress progress = ConsoleProgress.forTerminal();

	@Override
	public Job job() {
		return Job.TRAIN_GENERATOR;
	}

	@Override
	public String activity() {
		return progress.describe("training an image generator");
	}

	@Override
	public Integer call() {
		Settings s = JobOptions.settings(spec, job());
		TrainImageGenerator.run(s, progress);
		System.out.println("Wrote " + s.generator);
		return Main.DONE;
	}
}
