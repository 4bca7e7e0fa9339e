package io.github.bonefracture.gan;

import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.preprocess.FloatImage;
import io.github.bonefracture.render.Png;

import ij.ImagePlus;
import ij.ImageStack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Samples of a generator, per class: as a stack (Fiji), or as 8-bit PNGs in
 * Fracture/ and Normal/ under a folder, which is then a dataset folder that
 * Train Model reads as it is.
 */
public final class SyntheticImages {
	private SyntheticImages() {}

	/** count images of each class; returns the files written. */
	public static List<Path> write(Generator g, int count, long seed, Path dir, Progress progress) {
		OutputFiles.checkFolder(dir, "output folder");
		List<Path> written = new ArrayList<>();
		for (Label l : Label.values()) {
			List<FloatImage> images = g.sample(l, count, seed);
			for (int i = 0; i < images.size(); i++) {
				progress.checkCanceled();
				Path f = dir.resolve(l.displayName()).resolve(String.format(Locale.ROOT, "synthetic-%05d.png", i + 1));
				byte[] png = Png.encode(new ImagePlus(f.getFileName().toString(), images.get(i).to8bit()));
				OutputFiles.writeStream(f, out -> out.write(png));
				written.add(f);
				progress.progress("Writing synthetic " + l.displayName() + " images", i + 1, images.size());
			}
		}
		progress.info("Wrote " + written.size() + " synthetic images (" + count + " per class) to " + dir);
		return written;
	}

	/** count images of each class as one stack, Normal first, each slice labelled with its class. */
	public static ImagePlus stack(Generator g, int count, long seed) {
		ImageStack st = new ImageStack(g.size(), g.size());
		for (Label l : Label.values()) {
			List<FloatImage> images = g.sample(l, count, seed);
			for (int i = 0; i < images.size(); i++) st.addSlice(l.displayName() + " " + (i + 1), images.get(i).to8bit());
		}
		return new ImagePlus("Synthetic x-rays", st);
	}
}
