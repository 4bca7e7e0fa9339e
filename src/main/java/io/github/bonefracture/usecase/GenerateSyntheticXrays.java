package io.github.bonefracture.usecase;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.gan.Generator;
import io.github.bonefracture.gan.GeneratorFile;
import io.github.bonefracture.gan.SyntheticImages;
import io.github.bonefracture.options.Settings;

import ij.ImagePlus;

import java.nio.file.Path;
import java.util.List;

/** Generate Synthetic X-rays: a generator's samples, as PNGs in a dataset folder and as a stack for a screen. */
public final class GenerateSyntheticXrays {
	private GenerateSyntheticXrays() {}

	/** The PNGs below the output folder (Fracture/ and Normal/). */
	public static List<Path> write(Settings s, Progress progress) {
		return SyntheticImages.write(generator(s), s.syntheticCount, s.samplingSeed, s.output.toPath(), progress);
	}

	/** The same images as one stack. */
	public static ImagePlus stack(Settings s) {
		return SyntheticImages.stack(generator(s), s.syntheticCount, s.samplingSeed);
	}

	private static Generator generator(Settings s) {
		return GeneratorFile.load(s.generator.toPath());
	}
}
