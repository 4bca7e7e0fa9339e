package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Calibration and thresholds learned on validation predictions. */
class CalibrationTest {

	/** Overconfident scores: true logit z, reported logit 3z. */
	static double[][] overconfident(int n, long seed) {
		Random rng = new Random(seed);
		double[] p = new double[n], y = new double[n];
		for (int i = 0; i < n; i++) {
			double z = rng.nextGaussian() * 1.5;
			y[i] = rng.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
			p[i] = 1 / (1 + Math.exp(-3 * z));
		}
		return new double[][] {p, y};
	}

	static int[] ints(double[] v) {
		int[] r = new int[v.length];
		for (int i = 0; i < v.length; i++) r[i] = (int) v[i];
		return r;
	}

	@Test
	void temperatureAndPlattUndoOverconfidenceOnUnseenImagesAndKeepTheOrder() {
		double[][] fit = overconfident(2000, 1), test = overconfident(2000, 2);
		int[] yFit = ints(fit[1]), yTest = ints(test[1]);
		Calibration t = Calibration.fit(Calibration.Method.TEMPERATURE, fit[0], yFit);
		assertEquals(3, 1 / t.a, 0.4, "the temperature that was applied");
		assertEquals(0, t.b, 0);
		Calibration platt = Calibration.fit(Calibration.Method.PLATT, fit[0], yFit);
		for (Calibration c : new Calibration[] {t, platt}) {
			double[] before = test[0], after = c.apply(test[0]);
			Reliability rb = Reliability.of(before, yTest, 10), ra = Reliability.of(after, yTest, 10);
			assertTrue(ra.expectedCalibrationError < rb.expectedCalibrationError / 2, c + ": ECE " + rb.expectedCalibrationError + " -> " + ra.expectedCalibrationError);
			assertTrue(ra.brier < rb.brier, c + ": Brier " + rb.brier + " -> " + ra.brier);
			assertEquals(Metrics.auc(before, yTest), Metrics.auc(after, yTest), 1e-12, "a monotone map keeps the AUC");
		}
		assertEquals(Calibration.Method.NONE, Calibration.fit(Calibration.Method.NONE, fit[0], yFit).method);
		// Perfectly separated validation images: finite parameters, thanks to Platt's smoothed targets.
		Calibration sep = Calibration.fit(Calibration.Method.PLATT, new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1});
		assertTrue(Double.isFinite(sep.a) && sep.a > 0 && Double.isFinite(sep.b), sep.toString());
	}

	@Test
	void thresholdRulesFallBackToOneHalfWithTooFewImagesAndSaySo() {
		double[] p = {0.1, 0.2, 0.3, 0.35, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95};
		int[] y = {0, 0, 0, 1, 0, 1, 0, 1, 1, 1};
		ThresholdRule youden = new ThresholdRule(ThresholdRule.Kind.YOUDEN, 0);
		assertEquals(0.5, youden.choose(p, y), 0);
		assertTrue(youden.tooFew(y).orElseThrow().contains("needs " + ThresholdRule.MIN_PER_CLASS + " held-out images of each class; there were 5 Fracture and 5 Normal"), youden.tooFew(y).orElseThrow());
		assertArrayEquals(new double[] {0.5, 0.5}, youden.interval(p, y, 3));
		assertEquals(0.5, new ThresholdRule(ThresholdRule.Kind.FIXED, 0).choose(p, y), 0);
	}

	/** A fit that cannot be used is dropped, and the calibration itself records why (one truth: method none, the reason beside it). */
	@Test
	void aDroppedFitSaysWhy() {
		// Fractures scored below normals: the best slope is negative.
		Calibration c = Calibration.fit(Calibration.Method.PLATT, new double[] {0.9, 0.8, 0.7, 0.3, 0.2, 0.1}, new int[] {0, 0, 0, 1, 1, 1});
		assertEquals(Calibration.Method.NONE, c.method);
		assertEquals(0.3, c.apply(0.3), 0);
		assertTrue(c.dropped.startsWith("Platt scaling was asked for but not applied: the fitted slope -"), c.dropped);
		assertTrue(c.toString().startsWith("none (Platt scaling was asked for"), c.toString());
		assertNull(Calibration.fit(Calibration.Method.NONE, new double[] {0.1}, new int[] {0}).dropped);
		assertTrue(Calibration.fit(Calibration.Method.TEMPERATURE, new double[] {0.1, 0.2}, new int[] {0, 0}).dropped.contains("all of one class"));
	}
}
