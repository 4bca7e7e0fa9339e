package io.github.bonefracture.cli;

import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.usecase.GenerateSyntheticXrays;
import io.github.bonefracture.usecase.TrainImageGenerator;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "gan", mixinStandardHelpOptions = true, subcommands = {GanCommand.Train.class, GanCommand.Sample.class},
	description = "Synthetic x-rays: train a class-conditional image generator (GAN) on a dataset folder, or sample one.")
final class GanCommand {

	@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Trains an image generator on a dataset folder (Fracture/ and Normal/) and writes it as a generator file.")
	static final class Train implements Callable<Integer>, Main.Activity, JobOptions.JobCommand {
		@Spec
		CommandSpec spec;

		private final ConsoleProgress progress = ConsoleProgress.forTerminal();

		@Override
		public Job job() {
			return Job.GAN_TRAIN;
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

	@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Writes N synthetic images per class from a generator file into OUT/Fracture and OUT/Normal.")
	static final class Sample implements Callable<Integer>, Main.Activity, JobOptions.JobCommand {
		@Spec
		CommandSpec spec;

		private final ConsoleProgress progress = ConsoleProgress.forTerminal();

		@Override
		public Job job() {
			return Job.GAN_SAMPLE;
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
}
