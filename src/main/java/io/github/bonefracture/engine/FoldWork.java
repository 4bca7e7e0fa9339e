package io.github.bonefracture.engine;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * One fold of a k-fold run, the same wherever it runs: train a copy of the
 * starting network on the other folds' images (less the inner validation
 * split, whole patients), learn threshold and calibration on that split,
 * predict the fold's test images. Synthetic images, when asked for, join
 * the training images only, from a generator that learned from them alone. Training seeds itself from the settings,
 * so a fold gives the same numbers in any process.
 */
public final class FoldWork {
	private FoldWork() {}

	static FoldOutcome run(TrainingConfig c, LoadedImages all, Trainer trainer, ComputationGraph start, int[] fold, int f) {
		int[] trainIdx = Splits.where(fold, f, false), testIdx = Splits.where(fold, f, true);
		LoadedImages train = all.subset(trainIdx), test = all.subset(testIdx);
		// The inner validation split (whole patients) learns the threshold and calibration, and stops early when asked; never the test fold.
		int[][] split = Splits.groupedHoldout(train.targets(), train.groups(), c.validationFraction, c.validationSeed);
		LoadedImages val = train.subset(split[1]);
		SyntheticTraining.Added synthetic = SyntheticTraining.add(c, train.subset(split[0]), trainer.progress());
		train = synthetic.images;
		ComputationGraph net = start.clone();
		trainer.train(net, train, c.earlyStoppingPatience > 0 ? val : null);
		double[] pv = val.size() == 0 ? new double[0] : trainer.predict(net, val);
		Decision d = Decision.learn(c, pv, val.targets());
		double[] p = trainer.predict(net, test);
		double[] scores = ConformalSets.fit(d.calibration.apply(pv), val.targets()).scores;
		return new FoldOutcome(testIdx, p, d.calibration.apply(p), d, val.size(), synthetic.generatorImages, scores);
	}
}
