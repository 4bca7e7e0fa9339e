package io.github.bonefracture.engine;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * One fold of a k-fold run, the same wherever it runs: the training
 * procedure of Train Model ({@link TrainingProcedure}) on the other folds'
 * images, its threshold and calibration learned within them, then the
 * fold's test images predicted. Training seeds itself from the settings,
 * so a fold gives the same numbers in any process.
 */
public final class FoldWork {
	private FoldWork() {}

	static FoldOutcome run(TrainingConfig c, LoadedImages all, Trainer trainer, ComputationGraph start, int[] fold, int f) {
		int[] trainIdx = Splits.where(fold, f, false), testIdx = Splits.where(fold, f, true);
		LoadedImages test = all.subset(testIdx);
		TrainingProcedure.Fitted fitted = TrainingProcedure.run(c, all.subset(trainIdx), trainer, start, false, c.architecture.id() + " fold " + (f + 1) + ": ");
		Decision d = fitted.decision;
		double[] p = trainer.predict(fitted.result.network, test);
		return new FoldOutcome(testIdx, p, d.calibration.apply(p), d, fitted.heldOutP.length, fitted.generatorImages, fitted.conformalScores, trainer.computedWith());
	}
}
