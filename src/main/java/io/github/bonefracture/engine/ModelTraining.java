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
		ModelMetadata.DatasetSummary summary = summary(ds);
		start.pretraining.ifPresent(pre -> {
			summary.pretrainRoot = pre.dataset.root().toString();
			summary.pretrainFileListSha256 = pre.dataset.fileListHash();
		});
		TrainingProcedure.Fitted f = TrainingProcedure.run(c, all, trainer, start.network, true, "");
		ComputationGraph net = f.result.network;
		Decision d = f.decision;
		ModelMetadata meta = metadata(c, summary, f.heldOutP.length == 0 ? null : Metrics.of(f.heldOutP, f.heldOutY, 0.5));
		meta.computedWith = backend.record();
		meta.threshold = d.threshold;
		meta.thresholdRule = d.rule;
		meta.calibration = d.calibration;
		if (f.heldOutP.length == 0) {
			progress.warn("No held-out images: the threshold stays 0.5 and nothing is calibrated");
		} else {
			meta.thresholdInterval95 = new double[] {d.thresholdLow, d.thresholdHigh};
			meta.decisionLearnedOn = f.heldOutP.length + " " + f.heldOutFrom;
			if (!d.calibrationEffect.isEmpty()) meta.calibrationEffect = d.calibrationEffect;
			// The same line every face shows when the model is used.
			progress.info(meta.decisionText());
			if (!d.effectText().isEmpty()) progress.info(d.effectText());
			Metrics at = Metrics.of(d.calibration.apply(f.heldOutP), f.heldOutY, d.threshold);
			meta.validation.put("thresholdAccuracy", at.accuracy);
			meta.validation.put("thresholdSensitivity", at.sensitivity);
			meta.validation.put("thresholdSpecificity", at.specificity);
			ConformalSets cs = new ConformalSets();
			cs.scores = f.conformalScores;
			meta.conformal = cs;
		}
		meta.activationRanges = Int8Calibration.measure(net, f.trainedOn, c.batchSize, backend, progress).orElse(null);
		if (f.heldOutP.length < ConformalSets.needed(0.1))
			progress.warn(f.heldOutP.length + " held-out images: prediction sets hold both classes (\"Uncertain\") at error rate 0.1 until "
				+ ConformalSets.needed(0.1) + " are held out (more images, or inner_folds)");
		meta.inDistribution = describe(f, meta).orElse(null);
		meta.precisionChecks = PrecisionChecks.measure(new ModelFile(net, meta), f.trainedOn, c.batchSize, backend, progress);
		// By content, so that Evaluate Model knows these images wherever they are copied to.
		meta.trainingImages = TrainingImages.of(ds.samples().stream().map(io.github.bonefracture.data.Sample::path).collect(java.util.stream.Collectors.toList()));
		ModelFile model = new ModelFile(net, meta);
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

	/**
	 * Where the model's training images lie in its feature space; the cut-off
	 * from held-out images (each inner fold's in its inner model's own space,
	 * or the validation split's in this model's); none without held-out
	 * images or a feature layer.
	 */
	private java.util.Optional<TrainingDistribution> describe(TrainingProcedure.Fitted f, ModelMetadata meta) {
		if (f.heldOutP.length == 0) {
			progress.warn("No held-out images: no description of the training data, so nothing can be flagged as unlike it");
			return java.util.Optional.empty();
		}
		if (meta.featureLayer == null || f.trainedOn.size() == 0) {
			progress.info("No description of the training data in this model (" + meta.architecture.id() + " has no feature layer): nothing is flagged as unlike it");
			return java.util.Optional.empty();
		}
		ComputationGraph net = f.result.network;
		double[][] train = PooledFeatures.of(net, meta.featureLayer, meta.outputLayer, f.trainedOn, config.batchSize, backend, progress);
		TrainingDistribution t = TrainingDistribution.fit(train, f.trainedOn.targets(), new double[0][]);
		t.cutOffAt(f.heldOutDistances);
		t.cutoffFrom = f.heldOutFrom + ", each measured against the training data of the model that did not see it";
		progress.info(String.format(java.util.Locale.ROOT, "Training data described in %d features; cut-off %.2f, the %.0fth percentile of %d held-out images",
			t.features, t.cutoff, t.cutoffPercentile, t.heldOutImages));
		return java.util.Optional.of(t);
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
