package io.github.bonefracture.engine;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Dataset;
import io.github.bonefracture.data.DatasetScanner;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.nio.file.Paths;

/**
 * The reference study's best variant: a first round on a larger related
 * dataset (MURA's humerus studies), then the target data starts from there.
 * MURA's labels are "abnormal", not only fractures: close, not identical.
 */
final class Pretraining {

	static final class Outcome {
		final Dataset dataset;

		Outcome(Dataset dataset) {
			this.dataset = dataset;
		}
	}

	private Pretraining() {}

	/** Trains net in place on the pretraining dataset when one is configured; empty otherwise. */
	static java.util.Optional<Outcome> run(TrainingConfig c, Trainer trainer, ComputationGraph net, Progress progress) {
		if (c.pretrainDir == null || c.pretrainDir.isBlank()) return java.util.Optional.empty();
		Dataset ds = new DatasetScanner(c.pretrainStudyType, true, c.maxPixels()).scan(Paths.get(c.pretrainDir), progress);
		progress.info("Pretraining on " + ds.summary().trim());
		LoadedImages imgs = LoadedImages.load(ds.samples(), c.architecture.preprocessing(c), c.maxPixels(), progress);
		int[][] split = Splits.groupedHoldout(imgs.targets(), imgs.groups(), c.validationFraction, c.validationSeed);
		trainer.train(net, imgs.subset(split[0]), imgs.subset(split[1]), c.pretrainPhase1Epochs, c.pretrainPhase2Epochs, "Pretraining ");
		return java.util.Optional.of(new Outcome(ds));
	}
}
