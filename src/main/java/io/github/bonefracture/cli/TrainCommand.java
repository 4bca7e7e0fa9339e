package io.github.bonefracture.cli;

import io.github.bonefracture.engine.TrainingJob;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Train a model on a dataset folder (Fracture/ and Normal/) with the reference protocol and save it as one zip.")
final class TrainCommand implements Callable<Integer>, Main.Activity {

	@Option(names = {"-i", "--input"}, required = true, description = "Dataset folder.")
	Path input;

	@Option(names = {"-o", "--output"}, defaultValue = "model.zip", description = "Model file to write (default: ${DEFAULT-VALUE}).")
	Path output;

	@Mixin
	TrainingOptions training;

	private final ConsoleProgress progress = ConsoleProgress.forTerminal();

	@Override
	public String activity() {
		return progress.describe("training on " + input);
	}

	@Override
	public Integer call() {
		io.github.bonefracture.nets.NativeRuntime.report(progress);
		new TrainingJob(training.toConfig(), progress, null).run(input, output);
		return 0;
	}
}
