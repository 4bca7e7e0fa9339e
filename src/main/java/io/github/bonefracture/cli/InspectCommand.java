package io.github.bonefracture.cli;

import io.github.bonefracture.core.OptionCheck;
import io.github.bonefracture.data.Dataset;
import io.github.bonefracture.data.ImageLoader;
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

	@Option(names = "--max-megapixels", defaultValue = "" + ImageLoader.DEFAULT_MEGAPIXELS,
		description = "Images declaring more pixels in their header are reported unreadable, not decoded (default: ${DEFAULT-VALUE}).")
	double maxMegapixels;

	@Override
	public Integer call() {
		long maxPixels = (long) (OptionCheck.aboveUpTo("max_megapixels", maxMegapixels, 0, ImageLoader.MAX_MEGAPIXELS) * 1e6);
		ConsoleProgress progress = ConsoleProgress.forTerminal();
		Dataset ds = new DatasetScanner(studyType, true, maxPixels).scan(input, progress);
		System.out.print(ds.summary());
		return 0;
	}
}
