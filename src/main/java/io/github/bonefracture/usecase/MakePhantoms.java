package io.github.bonefracture.usecase;

import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.phantom.PhantomGenerator;
import io.github.bonefracture.phantom.SampleImages;

import java.nio.file.Path;

/** Synthetic long-bone x-rays into OUT/Fracture and OUT/Normal, byte-for-byte the same for the same seed. */
public final class MakePhantoms {
	/** The sample set's defaults: the bundled sample-images folder is this set. */
	public static final int PER_CLASS = SampleImages.PER_CLASS, TIFF_PER_CLASS = SampleImages.TIFF_PER_CLASS;
	public static final long SEED = SampleImages.SEED;

	private MakePhantoms() {}

	/** How many files were written. */
	public static int run(Path output, int perClass, int tiffPerClass, long seed, int minSize, int maxSize, Progress progress) {
		OutputFiles.checkFolder(output, "output folder (-o)");
		progress.info("Writing " + (perClass + tiffPerClass) + " phantoms per class (seed " + seed + ") to " + output);
		return new PhantomGenerator(seed, minSize, maxSize).writeSet(output, perClass, tiffPerClass).size();
	}
}
