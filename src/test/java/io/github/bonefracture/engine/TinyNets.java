package io.github.bonefracture.engine;

import io.github.bonefracture.phantom.PhantomGenerator;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;

/** Tiny variants of the real networks and data, so engine tests take seconds. */
public final class TinyNets {
	private TinyNets() {}

	/** The tiny DenseNet of the weight-import fixture: blocks [2,2,2,2], growth 8, 64 px. */
	public static TrainingConfig denseNet(int epochs) {
		TrainingConfig c = new TrainingConfig();
		c.imageSize = 64;
		c.denseBlocks = new int[] {2, 2, 2, 2};
		c.growthRate = 8;
		c.batchNormMomentum = 0.9;
		c.weights = TrainingConfig.WeightSource.RANDOM;
		c.phase1Epochs = epochs;
		c.phase2Epochs = 0;
		c.batchSize = 8;
		c.augmentRotation = 0;
		c.augmentZoom = 0;
		c.augmentBrightness = 0.1;
		// One model per training: tests about the decision learned by inner folds set them (LearnedDecisionTest, AnswersTest, KFoldFiguresTest).
		c.innerFolds = 0;
		return c;
	}

	public static TrainingConfig baseline(int epochs) {
		TrainingConfig c = denseNet(epochs);
		c.architecture = Architecture.BASELINE_CNN;
		c.baselineHeight = 40;
		c.baselineWidth = 16;
		c.baselineFilters = new int[] {4, 8, 8};
		c.baselineDense = 16;
		return c;
	}

	public static Path phantoms(Path dir, int perClass, int size, double fractureScale) {
		new PhantomGenerator(7, size, size, fractureScale).writeSet(dir, perClass, 0);
		return dir;
	}

	/** BatchNorm statistics away from 0 and 1, as trained ones are, so folding them is really tested. */
	public static ComputationGraph withTrainedLookingBatchNorm(ComputationGraph g, long seed) {
		Nd4j.getRandom().setSeed(seed);
		for (Layer l : g.getLayers()) {
			if (!l.paramTable().containsKey("var")) continue;
			l.getParam("mean").assign(Nd4j.rand(l.getParam("mean").shape()).subi(0.5).muli(0.4));
			l.getParam("var").assign(Nd4j.rand(l.getParam("var").shape()).addi(0.5));
			l.getParam("gamma").assign(Nd4j.rand(l.getParam("gamma").shape()).addi(0.5));
			l.getParam("beta").assign(Nd4j.rand(l.getParam("beta").shape()).subi(0.5).muli(0.4));
		}
		return g;
	}
}
