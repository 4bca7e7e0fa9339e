package io.github.bonefracture.engine;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.data.Sample;
import io.github.bonefracture.gan.GanConfig;
import io.github.bonefracture.gan.Generator;
import io.github.bonefracture.gan.GeneratorFile;
import io.github.bonefracture.gan.GeneratorTraining;
import io.github.bonefracture.preprocess.FloatImage;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Synthetic images added to a training set, and only to it: called after the
 * validation split (and in k-fold after the test fold is set aside), so no
 * generated image reaches validation, thresholds, calibration or test
 * metrics, and a generator trained here learns from the training images
 * alone.
 */
final class SyntheticTraining {

	/** The training images with the synthetic ones; generatorImages: the paths a generator trained here learned from (null: none, or a file's). */
	static final class Added {
		final LoadedImages images;
		final String[] generatorImages;

		Added(LoadedImages images, String[] generatorImages) {
			this.images = images;
			this.generatorImages = generatorImages;
		}
	}

	private SyntheticTraining() {}

	/** Refuses a damaged generator file before any image is read or any network trained. */
	static void checkGeneratorFile(TrainingConfig c) {
		if (c.syntheticPerClass > 0 && c.generatorFile != null) GeneratorFile.load(Paths.get(c.generatorFile));
	}

	static Added add(TrainingConfig c, LoadedImages train, Progress progress) {
		if (c.syntheticPerClass == 0) return new Added(train, null);
		Generator g;
		String[] learnedFrom = null;
		if (c.generatorFile != null) {
			g = GeneratorFile.load(Paths.get(c.generatorFile));
			progress.info("Adding " + c.syntheticPerClass + " synthetic images per class from " + c.generatorFile);
		} else {
			List<String> paths = new ArrayList<>();
			List<FloatImage> images = new ArrayList<>();
			List<Label> labels = new ArrayList<>();
			for (int i = 0; i < train.size(); i++) {
				Sample s = train.samples().get(i);
				paths.add(s.path().toString());
				images.add(train.image(i));
				labels.add(s.label());
			}
			GanConfig gc = c.generatorConfig();
			progress.info("Training an image generator on the " + train.size() + " training images only (" + gc.epochs + " epochs at " + gc.imageSize + " px)");
			g = GeneratorTraining.fromImages(paths, images, labels, gc, progress);
			learnedFrom = paths.toArray(new String[0]);
		}
		// Unique per generator and seed, so features remembered per path never mix two folds' synthetic images.
		String tag = g.record().fileListSha256.substring(0, Math.min(12, g.record().fileListSha256.length())) + "-" + c.seed;
		int w = train.preprocessing().width(), h = train.preprocessing().height();
		List<Sample> samples = new ArrayList<>();
		List<FloatImage> images = new ArrayList<>();
		for (Label l : Label.values()) {
			List<FloatImage> made = g.sample(l, c.syntheticPerClass, c.seed);
			for (int i = 0; i < made.size(); i++) {
				samples.add(new Sample(Paths.get("synthetic", tag, l.displayName(), String.format(Locale.ROOT, "%05d", i + 1)), l, null));
				images.add(made.get(i).resized(w, h));
			}
		}
		return new Added(train.plus(samples, images), learnedFrom);
	}

	/**
	 * Refuses a fold whose generator saw one of its test images: that would
	 * leak the test fold into training. Returns how many generators were checked.
	 */
	static int checkNoTestImageLearned(List<Sample> samples, List<FoldOutcome> outcomes) {
		int checked = 0;
		for (FoldOutcome o : outcomes) {
			if (o.generatorImages == null) continue;
			Set<String> learned = new HashSet<>(List.of(o.generatorImages));
			for (int i : o.testIdx) {
				Path p = samples.get(i).path();
				if (learned.contains(p.toString()))
					throw new IllegalStateException("The image generator of a fold learned from its test image " + p + ": the fold would leak");
			}
			checked++;
		}
		return checked;
	}

	/** The report's line about synthetic images. */
	static String line(TrainingConfig c, int generatorsChecked) {
		return "synthetic images: " + c.syntheticPerClass + " per class added to the training images only; "
			+ (c.generatorFile != null ? "from " + c.generatorFile + " (what it learned from is not known here)"
				: "generator trained on each training fold only, never its test fold (" + generatorsChecked + " folds checked by file)");
	}

	/** What the k-fold summary says about synthetic images. */
	static Map<String, Object> summary(TrainingConfig c, int generatorsChecked) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("perClass", c.syntheticPerClass);
		m.put("usedFor", "training only: never validation, thresholds, calibration or test metrics");
		if (c.generatorFile != null) {
			m.put("generator", c.generatorFile);
			m.put("note", "a generator file: the images it learned from are not known here, so it cannot be checked against the test folds");
		} else {
			m.put("generator", "trained on each training fold only, never on its test fold");
			m.put("generatorsCheckedForTestImages", generatorsChecked);
			m.put("generatorSize", c.generator.imageSize);
			m.put("generatorEpochs", c.generator.epochs);
		}
		return m;
	}
}
