package io.github.bonefracture.cli;

import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Opt;
import io.github.bonefracture.options.Options;
import io.github.bonefracture.usecase.InspectDataset;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

@Command(name = "inspect", mixinStandardHelpOptions = true,
	description = "Scan a dataset folder: images per class, ignored files, and unreadable files with the reason.")
final class InspectCommand implements Callable<Integer>, JobOptions.DeclaredJob {

	/** The one declared option it takes, as training reads it. */
	private static final String MAX_MEGAPIXELS = "max_megapixels";

	@Spec
	CommandSpec spec;

	@Option(names = {"-i", "--input"}, required = true, description = "Dataset folder (Fracture/ and Normal/, or a MURA tree).")
	Path input;

	@Option(names = "--study-type", description = "MURA study type to keep, e.g. XR_HUMERUS.")
	String studyType;

	@Override
	public Job job() {
		return Job.TRAIN;
	}

	@Override
	public boolean takes(Opt o) {
		return o.key().equals(MAX_MEGAPIXELS);
	}

	@Override
	public Integer call() {
		double megapixels = (Double) JobOptions.value(spec, Options.find(job(), MAX_MEGAPIXELS));
		System.out.print(InspectDataset.run(input, studyType, megapixels, ConsoleProgress.forTerminal()));
		return Main.DONE;
	}
}
