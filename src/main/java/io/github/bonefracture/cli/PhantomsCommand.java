package io.github.bonefracture.cli;

import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.core.OptionCheck;
import io.github.bonefracture.usecase.MakePhantoms;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "phantoms", mixinStandardHelpOptions = true,
	description = "Generate synthetic long-bone x-rays into OUT/Fracture and OUT/Normal (byte-for-byte reproducible).")
final class PhantomsCommand implements Callable<Integer> {

	@Option(names = {"-o", "--output"}, required = true, description = "Output folder.")
	Path output;

	@Option(names = {"-n", "--per-class"}, defaultValue = "" + MakePhantoms.PER_CLASS, description = "8-bit PNGs per class (default: ${DEFAULT-VALUE}).")
	int perClass;

	@Option(names = "--tiff-per-class", defaultValue = "" + MakePhantoms.TIFF_PER_CLASS, description = "Extra 16-bit TIFFs per class (default: ${DEFAULT-VALUE}).")
	int tiffPerClass;

	@Option(names = "--seed", defaultValue = "" + MakePhantoms.SEED, description = "Random seed (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--min-size", defaultValue = "260", description = "Smallest side in pixels (default: ${DEFAULT-VALUE}).")
	int minSize;

	@Option(names = "--max-size", defaultValue = "340", description = "Largest side in pixels (default: ${DEFAULT-VALUE}).")
	int maxSize;

	@Override
	public Integer call() {
		// This command's own options (no other face has them): their ranges here, beside their declaration.
		OptionCheck.count("per_class", perClass, 1, 100_000);
		OptionCheck.count("tiff_per_class", tiffPerClass, 0, 100_000);
		OptionCheck.count("min_size", minSize, 16, 8192);
		OptionCheck.count("max_size", maxSize, minSize, 8192);
		int n = MakePhantoms.run(output, perClass, tiffPerClass, seed, minSize, maxSize, ConsoleProgress.forTerminal());
		System.out.println("Wrote " + n + " phantom x-rays to " + output);
		return Main.DONE;
	}
}
