package io.github.bonefracture.usecase;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.engine.GeneratorQuality;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.gan.GanConfig;
import io.github.bonefracture.gan.Generator;
import io.github.bonefracture.gan.GeneratorTraining;
import io.github.bonefracture.options.Settings;

import com.google.gson.GsonBuilder;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Train Image Generator as every face runs it: read the dataset once,
 * train and write the generator (grids and loss curves with an output
 * folder), then, given a DenseNet121 model file, measure the generator
 * against the real images (quality.json with an output folder, the log
 * either way).
 */
public final class TrainImageGenerator {
	/** Samples per class for the quality report: enough for stable covariances of pooled features in practice. */
	static final int QUALITY_SAMPLES = 200;

	private TrainImageGenerator() {}

	/** The generator the settings ask for, written to their generator file; the backend option computes the quality report. */
	public static Generator run(Settings s, Progress progress) {
		Backend backend = RunStart.backend(s, progress);
		return run(s.dataset.toPath(), s.generator.toPath(), s.output == null ? null : s.output.toPath(), s.model == null ? null : s.model.toPath(),
			s.training.generatorConfig(), s.training.maxPixels(), backend, progress);
	}

	private static Generator run(Path dataset, Path generatorFile, Path outputDir, Path featureModel, GanConfig config, long maxPixels, Backend backend,
		Progress progress)
	{
		// A bad feature model is refused before the long part.
		ModelFile model = featureModel == null ? null : ModelFile.load(featureModel);
		GeneratorTraining.Images images = GeneratorTraining.load(dataset, config.imageSize, maxPixels, progress);
		Generator g = GeneratorTraining.run(images, generatorFile, outputDir, config, progress);
		if (model != null) {
			progress.info("Measuring the generator in " + featureModel.getFileName() + "'s feature space");
			Map<String, Object> q = GeneratorQuality.measure(g, images.images, images.labels, model, backend, QUALITY_SAMPLES, config.seed);
			for (Label l : Label.values()) {
				@SuppressWarnings("unchecked")
				Map<String, Object> c = (Map<String, Object>) q.get(l.displayName());
				if (c != null)
					progress.info(String.format(Locale.ROOT, "%s: Frechet distance %.2f, precision %.2f, recall %.2f, near-copies %.2f", l.displayName(),
						c.get("frechetDistance"), c.get("precision"), c.get("recall"), c.get("nearCopies")));
			}
			if (outputDir != null) OutputFiles.writeString(outputDir.resolve("quality.json"), new GsonBuilder().setPrettyPrinting().create().toJson(q));
		}
		return g;
	}
}
