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

import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

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

	/** Trains on every readable image under dataset and writes the generator; outputDir (optional) gets grids and loss curves. */
	public static Generator run(Path dataset, Path generatorFile, Path outputDir, GanConfig config, long maxPixels, Progress progress) {
		OutputFiles.checkFile(generatorFile, "generator file");
		if (outputDir != null) OutputFiles.checkFolder(outputDir, "output folder");
		config.validate();
		Dataset ds = new DatasetScanner(null, true, maxPixels).scan(dataset, progress);
		progress.info(ds.summary().trim());
		Preprocessing pre = Preprocessing.grey(config.imageSize, config.imageSize);
		List<FloatImage> images = new ArrayList<>();
		List<Label> labels = new ArrayList<>();
		List<String> paths = new ArrayList<>();
		int i = 0;
		for (Sample s : ds.samples()) {
			progress.checkCanceled();
			progress.progress("Loading images", ++i, ds.samples().size());
			try {
				images.add(pre.toUnitGrey(ImageLoader.load(s.path(), maxPixels), 1));
				labels.add(s.label());
				paths.add(s.path().toString());
			} catch (UnreadableImageException e) {
				progress.warn("Skipped " + e.getMessage());
			}
		}
		TrainingRecord record = new TrainingRecord(ds.root().toString(), paths, count(labels, Label.FRACTURE), count(labels, Label.NORMAL), ds.fileListHash());
		GanOutputs outputs = outputDir == null ? null : new GanOutputs(outputDir);
		progress.info("Training an image generator on " + images.size() + " images at " + config.imageSize + " px for " + config.epochs + " epochs");
		Generator g = new GanTrainer(config, progress).train(images, labels, record, outputs);
		if (outputs != null) outputs.finish();
		GeneratorFile.save(g, generatorFile);
		progress.info("Saved generator to " + generatorFile);
		return g;
	}

	/** Trains on images in memory (any size, grey in [0, 1]; resized to the generator's), remembering their paths. */
	public static Generator fromImages(List<String> paths, List<FloatImage> images, List<Label> labels, GanConfig config, Progress progress) {
		int s = config.imageSize;
		List<FloatImage> resized = new ArrayList<>(images.size());
		for (FloatImage im : images) resized.add(resize(im, s));
		String hash = Sha256.hex(String.join("\n", paths).getBytes(StandardCharsets.UTF_8));
		TrainingRecord record = new TrainingRecord("(in memory)", paths, count(labels, Label.FRACTURE), count(labels, Label.NORMAL), hash);
		return new GanTrainer(config, progress).train(resized, labels, record, null);
	}

	/** Area-averaged when shrinking, bilinear when growing: what ImageJ's resize does with averaging on. */
	public static FloatImage resize(FloatImage im, int size) {
		if (im.width == size && im.height == size) return im;
		FloatProcessor fp = im.toProcessor();
		fp.setInterpolationMethod(ImageProcessor.BILINEAR);
		return FloatImage.of((FloatProcessor) fp.resize(size, size, true));
	}

	private static int count(List<Label> labels, Label l) {
		return (int) labels.stream().filter(x -> x == l).count();
	}
}
