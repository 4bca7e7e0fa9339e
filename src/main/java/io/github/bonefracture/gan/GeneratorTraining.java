package io.github.bonefracture.gan;

import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.core.Sha256;
import io.github.bonefracture.data.Dataset;
import io.github.bonefracture.data.DatasetScanner;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.data.Sample;
import io.github.bonefracture.data.UnreadableImageException;
import io.github.bonefracture.preprocess.FloatImage;
import io.github.bonefracture.preprocess.Preprocessing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Train Image Generator: from a dataset folder (each image read once, as the
 * detector reads it, at the generator's size) or from images already in
 * memory (a k-fold training fold), to a {@link Generator}.
 */
public final class GeneratorTraining {
	private GeneratorTraining() {}

	/** A dataset folder's readable images at the generator's size, as the detector reads them, with labels and paths. */
	public static final class Images {
		public final List<FloatImage> images = new ArrayList<>();
		public final List<Label> labels = new ArrayList<>();
		final List<String> paths = new ArrayList<>();
		final Dataset dataset;

		Images(Dataset dataset) {
			this.dataset = dataset;
		}
	}

	/** Reads every image under dataset once, at size x size; unreadable ones are reported and left out. */
	public static Images load(Path dataset, int size, long maxPixels, Progress progress) {
		Dataset ds = new DatasetScanner(null, true, maxPixels).scan(dataset, progress);
		progress.info(ds.summary().trim());
		Preprocessing pre = Preprocessing.grey(size, size);
		Images out = new Images(ds);
		int i = 0;
		for (Sample s : ds.samples()) {
			progress.checkCanceled();
			progress.progress("Loading images", ++i, ds.samples().size());
			try {
				out.images.add(pre.toUnitGrey(ImageLoader.load(s.path(), maxPixels), 1));
				out.labels.add(s.label());
				out.paths.add(s.path().toString());
			} catch (UnreadableImageException e) {
				progress.warn("Skipped " + e.getMessage());
			}
		}
		return out;
	}

	/** Trains on the images and writes the generator; outputDir (optional) gets grids and loss curves. */
	public static Generator run(Images in, Path generatorFile, Path outputDir, GanConfig config, Progress progress) {
		OutputFiles.checkFile(generatorFile, "generator file");
		if (outputDir != null) OutputFiles.checkFolder(outputDir, "output folder");
		config.validate();
		TrainingRecord record = new TrainingRecord(in.dataset.root().toString(), in.paths, count(in.labels, Label.FRACTURE), count(in.labels, Label.NORMAL),
			in.dataset.fileListHash());
		GanOutputs outputs = outputDir == null ? null : new GanOutputs(outputDir);
		progress.info("Training an image generator on " + in.images.size() + " images at " + config.imageSize + " px for " + config.epochs + " epochs");
		Generator g = new GanTrainer(config, progress).train(in.images, in.labels, record, outputs);
		if (outputs != null) outputs.finish();
		GeneratorFile.save(g, generatorFile);
		progress.info("Saved generator to " + generatorFile);
		return g;
	}

	/** Trains on images in memory (any size, grey in [0, 1]; resized to the generator's), remembering their paths. */
	public static Generator fromImages(List<String> paths, List<FloatImage> images, List<Label> labels, GanConfig config, Progress progress) {
		int s = config.imageSize;
		List<FloatImage> resized = new ArrayList<>(images.size());
		for (FloatImage im : images) resized.add(im.resized(s, s));
		String hash = Sha256.hex(String.join("\n", paths).getBytes(StandardCharsets.UTF_8));
		TrainingRecord record = new TrainingRecord("(in memory)", paths, count(labels, Label.FRACTURE), count(labels, Label.NORMAL), hash);
		return new GanTrainer(config, progress).train(resized, labels, record, null);
	}

	private static int count(List<Label> labels, Label l) {
		return (int) labels.stream().filter(x -> x == l).count();
	}
}
