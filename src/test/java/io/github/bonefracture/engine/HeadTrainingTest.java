package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.backend.Training;
import io.github.bonefracture.nets.BatchNormMode;
import io.github.bonefracture.nets.DenseNet121;
import io.github.bonefracture.nets.StepResult;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

import java.util.SplittableRandom;

/**
 * Phase 1 with the base's features reused trains DenseNet's head alone
 * (Networks.head). The oneDNN backend trains it in Java on its own copies;
 * DL4J's fit is the reference for its loss, logits and Adam steps.
 */
class HeadTrainingTest {
	private static final int WIDTH = 40, N = 6;

	private static ComputationGraph head(double dropout) {
		ComputationGraph net = DenseNet121.builder().inputSize(32, 32).blocks(1, 1, 1, 1).growthRate(8).stemFilters(16)
			.dropout(dropout).updater(new Adam(1e-3)).seed(5).build().init();
		long width = net.getLayer(DenseNet121.OUTPUT).getParam("W").size(0);
		return Networks.head(net, DenseNet121.DROPOUT, DenseNet121.OUTPUT, width, 1e-2, 7);
	}

	private static float[] features(int seed, int width) {
		SplittableRandom r = new SplittableRandom(seed);
		float[] x = new float[N * width];
		for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2);
		return x;
	}

	private static final float[] Y = {1, 0, 0, 1, 1, 0};
	private static final float[] CLASS_WEIGHTS = {1.5f, 0.75f, 0.75f, 1.5f, 1.5f, 0.75f};

	/** Keras' sample-weighted binary cross-entropy of one batch: the mean of weight x each image's loss. */
	private static double kerasLoss(float[] logits, float[] weights) {
		double sum = 0;
		for (int k = 0; k < N; k++) {
			// -y log p - (1 - y) log(1 - p) with p = sigmoid(z), written so that no term overflows.
			double z = logits[k];
			sum += weights[k] * (Y[k] == 1 ? Math.log1p(Math.exp(-Math.abs(z))) + Math.max(-z, 0) : Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0));
		}
		return sum / N;
	}

	/** Class weights as Keras' sample weights, on both backends' head training. */
	@Test
	void classWeightsWeighEachImagesCrossEntropy() {
		for (Backend backend : new Backend[] {TestBackends.onednn(), TestBackends.dl4j()}) {
			ComputationGraph g = head(0);
			int width = (int) g.getLayer(DenseNet121.OUTPUT).getParam("W").size(0);
			try (Training t = backend.training(g, BatchNormMode.FROZEN, 1e-2, 7)) {
				StepResult r = t.fit(features(3, width), new long[] {N, width}, Y, CLASS_WEIGHTS);
				assertEquals(kerasLoss(r.logits, CLASS_WEIGHTS), r.loss, 1e-6, backend.name());
			}
		}
	}

	/**
	 * Two implementations of weighted steps agree: the Java head's and DL4J's
	 * fit, which weighs through the output layer's loss. (DL4J's label mask,
	 * which it used to be handed, also scaled each logit and applied the weight
	 * twice to the gradient: a mask of 2 on every image scaled it 4.2 times.)
	 * Weights of 2 on every image double the loss and nothing else moves Adam
	 * much, so the test weighs the classes unequally.
	 */
	@Test
	void weightedStepsAgreeBetweenBackendsAndLeaveNoTraceInTheConfiguration() {
		ComputationGraph reference = head(0), mine = head(0);
		int width = (int) mine.getLayer(DenseNet121.OUTPUT).getParam("W").size(0);
		long[] shape = {N, width};
		try (Training dl4j = TestBackends.dl4j().training(reference, BatchNormMode.FROZEN, 1e-2, 7);
			Training fast = TestBackends.onednn().training(mine, BatchNormMode.FROZEN, 1e-2, 7))
		{
			for (int step = 0; step < 5; step++) {
				float[] x = features(10 + step, width);
				StepResult want = dl4j.fit(x, shape, Y, CLASS_WEIGHTS), got = fast.fit(x, shape, Y, CLASS_WEIGHTS);
				assertEquals(want.loss, got.loss, 1e-5 * Math.max(1, Math.abs(want.loss)), "weighted loss of step " + step);
				assertArrayEquals(want.logits, got.logits, 1e-4f, "logits of step " + step);
			}
			fast.copyInto(mine);
		}
		assertArrayEquals(reference.getLayer(DenseNet121.OUTPUT).params().toFloatVector(), mine.getLayer(DenseNet121.OUTPUT).params().toFloatVector(),
			1e-5f, "parameters after five weighted Adam steps");
		String configuration = reference.getConfiguration().toJson();
		assertTrue(configuration.contains("\"org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT\""), "the model file's configuration keeps DL4J's own loss");
		assertFalse(configuration.contains("ImageWeighted"), "and names no class of ours");
	}

	/**
	 * Features far larger than a trained base's (a base that does not fit the
	 * images) put every logit beyond DL4J's clip of the probability (1e-5 from 0
	 * and 1, a logit of about 11.5), where its own cross-entropy gives a wrong
	 * answer no gradient. Both backends compute Keras' cross-entropy from the
	 * logit instead: the loss is the true one, not the clip's 11.51 an image,
	 * and the steps still agree.
	 */
	@Test
	void saturatedLogitsStillGiveKerasLossAndGradientOnBothBackends() {
		ComputationGraph reference = head(0), mine = head(0);
		int width = (int) mine.getLayer(DenseNet121.OUTPUT).getParam("W").size(0);
		long[] shape = {N, width};
		float[] ones = new float[N];
		java.util.Arrays.fill(ones, 1);
		try (Training dl4j = TestBackends.dl4j().training(reference, BatchNormMode.FROZEN, 1e-2, 7);
			Training fast = TestBackends.onednn().training(mine, BatchNormMode.FROZEN, 1e-2, 7))
		{
			for (int step = 0; step < 5; step++) {
				float[] x = features(20 + step, width);
				for (int i = 0; i < x.length; i++) x[i] *= 400;
				StepResult want = dl4j.fit(x, shape, Y, null), got = fast.fit(x, shape, Y, null);
				if (step == 0) {
					int beyond = 0;
					for (float z : want.logits) if (Math.abs(z) > 12) beyond++;
					assertTrue(beyond >= N / 2, beyond + " of " + N + " logits beyond the clip");
					assertEquals(kerasLoss(want.logits, ones), want.loss, 1e-5 * Math.abs(want.loss), "DL4J's loss is Keras' from the logit");
				}
				assertEquals(want.loss, got.loss, 1e-5 * Math.max(1, Math.abs(want.loss)), "loss of step " + step);
			}
			fast.copyInto(mine);
		}
		assertArrayEquals(reference.getLayer(DenseNet121.OUTPUT).params().toFloatVector(), mine.getLayer(DenseNet121.OUTPUT).params().toFloatVector(),
			1e-5f, "parameters after five steps on saturated logits");
	}

	/** The baseline CNN trains through DL4J on every backend: its weighted loss is Keras' too. */
	@Test
	void baselineWeighsAsKerasDoes() {
		TrainingConfig c = TinyNets.baseline(1);
		ComputationGraph g = Networks.phase(c.architecture.build(c), 1e-3, false);
		long[] shape = {N, 1, c.baselineHeight, c.baselineWidth};
		float[] x = new float[N * c.baselineHeight * c.baselineWidth];
		SplittableRandom r = new SplittableRandom(4);
		for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
		try (Training t = TestBackends.onednn().training(g, BatchNormMode.TRAIN, 1e-3, 7)) {
			StepResult s = t.fit(x, shape, Y, CLASS_WEIGHTS);
			assertEquals(kerasLoss(s.logits, CLASS_WEIGHTS), s.loss, 1e-5);
		}
	}

	@Test
	void headStepsAsDl4jFitDoesWithoutTouchingTheGraphUntilCopied() {
		ComputationGraph reference = head(0), mine = head(0);
		int width = (int) mine.getLayer(DenseNet121.OUTPUT).getParam("W").size(0);
		float[] start = mine.getLayer(DenseNet121.OUTPUT).params().toFloatVector();
		long[] shape = {N, width};
		try (Training dl4j = TestBackends.dl4j().training(reference, BatchNormMode.FROZEN, 1e-2, 7);
			Training fast = TestBackends.onednn().training(mine, BatchNormMode.FROZEN, 1e-2, 7))
		{
			for (int step = 0; step < 5; step++) {
				float[] x = features(step, width);
				StepResult want = dl4j.fit(x, shape, Y, null), got = fast.fit(x, shape, Y, null);
				assertEquals(want.loss, got.loss, 1e-5 * Math.max(1, Math.abs(want.loss)), "loss of step " + step);
				assertArrayEquals(want.logits, got.logits, 1e-4f, "logits of step " + step);
			}
			assertArrayEquals(start, mine.getLayer(DenseNet121.OUTPUT).params().toFloatVector(), "the graph is only written by copyInto");
			fast.copyInto(mine);
		}
		float[] want = reference.getLayer(DenseNet121.OUTPUT).params().toFloatVector(), got = mine.getLayer(DenseNet121.OUTPUT).params().toFloatVector();
		int moved = 0;
		for (int i = 0; i < want.length; i++) {
			assertEquals(want[i], got[i], 1e-5, "parameter " + i + " after five Adam steps");
			if (Math.abs(got[i] - start[i]) > 1e-3) moved++;
		}
		assertTrue(moved > want.length / 2, moved + " of " + want.length + " parameters moved");
	}

	@Test
	void dropoutIsSeededAndApplied() {
		float[][] after = new float[3][];
		double[] dropouts = {0.5, 0.5, 0};
		for (int run = 0; run < 3; run++) {
			ComputationGraph g = head(dropouts[run]);
			int width = (int) g.getLayer(DenseNet121.OUTPUT).getParam("W").size(0);
			try (Training t = TestBackends.onednn().training(g, BatchNormMode.FROZEN, 1e-2, 7)) {
				for (int step = 0; step < 4; step++) t.fit(features(step, width), new long[] {N, width}, Y, null);
				t.copyInto(g);
			}
			after[run] = g.getLayer(DenseNet121.OUTPUT).params().toFloatVector();
		}
		assertArrayEquals(after[0], after[1], "the same seed, the same head");
		assertFalse(java.util.Arrays.equals(after[0], after[2]), "dropout changes the steps");
	}
}
