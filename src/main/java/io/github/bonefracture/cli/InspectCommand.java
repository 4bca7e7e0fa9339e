package io.github.bonefracture.cli;

import io.github.bonefracture.data.Dataset;
import io.github.bonefracture.data.DatasetScanner;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "inspect", mixinStandardHelpOptions = true,
	description = "Scan a dataset folder: images per class, ignored files, and unreadable files with the reason.")
final class InspectCommand implements Callable<Integer> {

	@Option(names = {"-i", "--input"}, required = true, description = "Dataset folder (Fracture/ and Normal/, or a MURA tree).")
	Path input;

	@Option(names = "--study-type", description = "MURA study type to keep, e.g. XR_HUMERUS.")
	String studyType;

	@Override
	public Integer call() {
		ConsoleProgress progress = ConsoleProgress.forTerminal();
		Dataset ds = new DatasetScanner(studyType, true).scan(input, progress);
		System.out.print(ds.summary());
		return 0;
	}
}
