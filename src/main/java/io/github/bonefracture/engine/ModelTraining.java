package io.github.bonefracture.engine;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Dataset;
import io.github.bonefracture.data.DatasetScanner;
import io.github.bonefracture.data.Groups;
import io.github.bonefracture.data.Label;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Train Model from a dataset folder to a model file: scan, decode, optional
 * pretraining round, training with a validation split, save with metadata.
 */
public final class ModelTraining {

	private final TrainingConfig config;
	private final Progress progress;
	private final Trainer.Listener listener;
	private final Backend backend;

	public ModelTraining(TrainingConfig config, Backend backend, Progress progress, Trainer.Listener listener) {
		this.backend = backend;
		this.config = config;
		this.progress = progress == null ? Progress.NONE : progress;
		this.listener = listener;
	}

	/** Trains on datasetDir and writes the model to output (atomically); returns what was written. */
	public ModelFile run(Path datasetDir, Path output) {
		OutputFiles.checkFile(output, "model file");
		TrainingConfig c = config;
		SyntheticTraining.checkGeneratorFile(c);
		Dataset ds = Groups.apply(new DatasetScanner(null, true, c.maxPixels()).scan(datasetDir, progress),
			c.groupFile == null ? null : Paths.get(c.groupFile), c.groupPattern);
		progress.info(ds.summary().trim());
		LoadedImages all = LoadedImages.load(ds.samples(), c.architecture.preprocessing(c), c.maxPixels(), progress);
		Trainer trainer = new Trainer(c, backend, progress, listener);
		Trainer.StartingPoint start = trainer.startingPoint();
		ComputationGraph net = start.network;
		ModelMetadata.DatasetSummary summary = summary(ds);
		start.pretraining.ifPresent(pre -> {
			summary.pretrainRoot = pre.dataset.root().toString();
			summary.pretrainFileListSha256 = pre.dataset.fileListHash();
		});
		int[][] split = Splits.groupedHoldout(all.targets(), all.groups(), c.validationFraction, c.validationSeed);
		LoadedImages val = all.subset(split[1]);
		LoadedImages real = all.subset(split[0]);
		LoadedImages train = SyntheticTraining.add(c, real, progress).images;
		progress.info("Training on " + train.size() + " images, validating on " + val.size());
		Trainer.Result r = trainer.train(net, train, val);
		ModelMetadata meta = metadata(c, summary, r.validation);
		meta.computedWith = backend.record();
		Decision d = Decision.learn(c, val.size() == 0 ? new double[0] : trainer.predict(r.network, val), val.targets());
		if (val.size() == 0) progress.warn("No validation images: the threshold stays 0.5 and nothing is calibrated");
		meta.threshold = d.threshold;
		meta.thresholdRule = d.rule;
		meta.calibration = d.calibration;
		if (val.size() > 0) {
			progress.info(String.format(java.util.Locale.ROOT, "Threshold %.3f (%s on %d validation images), calibration %s",
				d.threshold, d.rule, val.size(), d.calibration));
			Metrics at = Metrics.of(d.calibration.apply(trainer.predict(r.network, val)), val.targets(), d.threshold);
			meta.validation.put("thresholdAccuracy", at.accuracy);
			meta.validation.put("thresholdSensitivity", at.sensitivity);
			meta.validation.put("thresholdSpecificity", at.specificity);
		}
		meta.activationRanges = Int8Calibration.measure(r.network, real, c.batchSize, backend, progress);
		if (val.size() > 0) meta.conformal = ConformalSets.fit(d.calibration.apply(trainer.predict(r.network, val)), val.targets());
		if (val.size() < ConformalSets.needed(0.1))
			progress.warn(val.size() + " held-out images: prediction sets hold both classes (\"Uncertain\") at error rate 0.1 until "
				+ ConformalSets.needed(0.1) + " are held out (more images, or a larger val_fraction)");
		meta.inDistribution = describe(r.network, meta, real, val);
		ModelFile model = new ModelFile(r.network, meta);
		model.save(output);
		progress.info("Saved model to " + output);
		return model;
	}

	static ModelMetadata.DatasetSummary summary(Dataset ds) {
		ModelMetadata.DatasetSummary s = new ModelMetadata.DatasetSummary();
		s.root = ds.root().toString();
		s.layout = ds.layout();
		s.fracture = ds.counts().get(Label.FRACTURE);
		s.normal = ds.counts().get(Label.NORMAL);
		s.skipped = ds.skipped().size();
		s.fileListSha256 = ds.fileListHash();
		return s;
	}

	/** Where the training images lie in the feature space, the cut-off from the held-out ones; none for a network without a feature layer. */
	private TrainingDistribution describe(ComputationGraph net, ModelMetadata meta, LoadedImages real, LoadedImages val) {
		if (val.size() == 0) {
			progress.warn("No held-out images: no description of the training data, so nothing can be flagged as unlike it");
			return null;
		}
		if (meta.featureLayer == null || real.size() == 0) {
			progress.info("No description of the training data in this model (" + meta.architecture.id() + " has no feature layer): nothing is flagged as unlike it");
			return null;
		}
		double[][] train = PooledFeatures.of(net, meta.featureLayer, meta.outputLayer, real, config.batchSize, backend, progress);
		double[][] held = PooledFeatures.of(net, meta.featureLayer, meta.outputLayer, val, config.batchSize, backend, progress);
		TrainingDistribution t = TrainingDistribution.fit(train, real.targets(), held);
		progress.info(String.format(java.util.Locale.ROOT, "Training data described in %d features; cut-off %.2f, the %.0fth percentile of %d held-out images",
			t.features, t.cutoff, t.cutoffPercentile, held.length));
		return t;
	}

	static ModelMetadata metadata(TrainingConfig c, ModelMetadata.DatasetSummary summary, Metrics validation) {
		ModelMetadata m = new ModelMetadata();
		m.architecture = c.architecture;
		m.preprocessing = c.architecture.preprocessing(c);
		m.featureLayer = c.architecture.featureLayer();
		m.outputLayer = c.architecture.outputLayer();
		m.training = c.copy();
		m.dataset = summary;
		if (validation != null) {
			Map<String, Double> v = new LinkedHashMap<>();
			v.put("images", (double) validation.n);
			v.put("loss", validation.loss);
			v.put("accuracy", validation.accuracy);
			v.put("auc", validation.auc);
			v.put("sensitivity", validation.sensitivity);
			v.put("specificity", validation.specificity);
			m.validation = v;
		}
		return m;
	}

	static Path path(String s) {
		return s == null || s.isBlank() ? null : Paths.get(s);
	}
}
