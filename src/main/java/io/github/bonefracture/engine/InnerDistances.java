package io.github.bonefracture.engine;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Held-out images' distances to the training data of the inner model that
 * did not see them: pooled over the inner folds they give the training-data
 * cut-off of a model file from every image instead of one small split.
 */
final class InnerDistances {
	private InnerDistances() {}

	static double[] of(TrainingConfig c, ComputationGraph net, LoadedImages trainedOn, LoadedImages heldOut, Trainer trainer) {
		String feature = c.architecture.featureLayer(), output = c.architecture.outputLayer();
		double[][] train = PooledFeatures.of(net, feature, output, trainedOn, c.batchSize, trainer.backend(), trainer.progress());
		double[][] held = PooledFeatures.of(net, feature, output, heldOut, c.batchSize, trainer.backend(), trainer.progress());
		TrainingDistribution t = TrainingDistribution.fit(train, trainedOn.targets(), new double[0][]);
		double[] d = new double[held.length];
		for (int i = 0; i < d.length; i++) d[i] = t.score(held[i]);
		return d;
	}
}
