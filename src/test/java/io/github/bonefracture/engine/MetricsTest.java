package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class MetricsTest {

	@Test
	void confusionSensitivitySpecificityAndLoss() {
		double[] p = {0.9, 0.8, 0.3, 0.6, 0.1, 0.2};
		int[] y = {1, 1, 1, 0, 0, 0};
		Metrics m = Metrics.of(p, y, 0.5);
		assertEquals(2, m.tp);
		assertEquals(1, m.fn);
		assertEquals(1, m.fp);
		assertEquals(2, m.tn);
		assertEquals(4 / 6.0, m.accuracy, 1e-12);
		assertEquals(2 / 3.0, m.sensitivity, 1e-12);
		assertEquals(2 / 3.0, m.specificity, 1e-12);
		double loss = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.3) + Math.log(0.4) + Math.log(0.9) + Math.log(0.8)) / 6;
		assertEquals(loss, m.loss, 1e-9);
	}

	@Test
	void aucCountsPairsAndTiesAsHalf() {
		assertEquals(1.0, Metrics.auc(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1}), 1e-12);
		assertEquals(0.0, Metrics.auc(new double[] {0.9, 0.8, 0.2, 0.1}, new int[] {0, 0, 1, 1}), 1e-12);
		// Pairs (pos, neg): (0.8 > 0.5), (0.8 > 0.3), (0.5 = 0.5 -> 1/2), (0.5 > 0.3): 3.5 of 4.
		assertEquals(3.5 / 4, Metrics.auc(new double[] {0.8, 0.5, 0.5, 0.3}, new int[] {1, 1, 0, 0}), 1e-12);
		assertTrue(Double.isNaN(Metrics.auc(new double[] {0.1, 0.2}, new int[] {1, 1})));
	}

	/**
	 * DeLong's interval where it has width; Newcombe's score interval (2006,
	 * method 5) where every pair is ordered and DeLong's collapses to [1, 1].
	 */
	@Test
	void aucIntervalsNeverCollapse() {
		double[] p = {0.1, 0.2, 0.3, 0.45, 0.4, 0.6, 0.7, 0.9};
		int[] y = {0, 0, 0, 0, 1, 1, 1, 1};
		AucInterval d = AucInterval.of(p, y);
		assertEquals(AucInterval.DELONG, d.method);
		assertEquals(15.0 / 16, d.auc, 1e-12);
		assertTrue(d.low < d.auc && d.high <= 1, d.toString());
		double[] sep = {0.1, 0.2, 0.3, 0.35, 0.4, 0.6, 0.7, 0.9};
		AucInterval n = AucInterval.of(sep, y);
		assertEquals(AucInterval.NEWCOMBE, n.method);
		assertEquals(1.0, n.auc);
		assertEquals(1.0, n.high);
		// The lower bound is where 1 - theta = z sd(theta) under Newcombe's variance, m = n = 4, N* = 3.
		double theta = n.low;
		assertTrue(theta > 0.5 && theta < 0.95, n.toString());
		assertEquals(1 - theta, 1.959964 * Math.sqrt(AucInterval.variance(theta, 4, 4)), 1e-5);
		// More images, narrower.
		assertTrue(AucInterval.newcombe(1, 40, 40).low > theta);
	}

	/** The margin rule: midway between the two scores either side of the best cut; 0.5 with too few of a class; a bootstrap interval around it. */
	@Test
	void learnedThresholdsLieBetweenTheClasses() {
		int n = 2 * ThresholdRule.MIN_PER_CLASS;
		double[] p = new double[n];
		int[] y = new int[n];
		for (int i = 0; i < n / 2; i++) {
			p[i] = 0.05 + 0.01 * i;        // normals 0.05 .. 0.14
			p[n / 2 + i] = 0.60 + 0.02 * i; // fractures 0.60 .. 0.78
			y[n / 2 + i] = 1;
		}
		ThresholdRule youden = new ThresholdRule(ThresholdRule.Kind.YOUDEN, 0);
		assertEquals((0.14 + 0.60) / 2, youden.choose(p, y), 1e-12, "midway between the highest normal and the lowest fracture");
		double[] ci = youden.interval(p, y, 1);
		assertTrue(ci[0] <= youden.choose(p, y) && youden.choose(p, y) <= ci[1] && ci[0] < ci[1], java.util.Arrays.toString(ci));
		ThresholdRule sens = new ThresholdRule(ThresholdRule.Kind.SENSITIVITY, 0.9);
		// 9 of 10 fractures at or above: the cut between the 1st (0.60) and 2nd (0.62) fracture's scores.
		assertEquals(0.61, sens.choose(p, y), 1e-12);
		int[] few = java.util.Arrays.copyOfRange(y, 1, n);
		assertTrue(youden.tooFew(few).isPresent());
		assertEquals(0.5, youden.choose(java.util.Arrays.copyOfRange(p, 1, n), few), 0, "9 normals are fewer than the minimum: 0.5");
		assertTrue(new ThresholdRule(ThresholdRule.Kind.FIXED, 0).tooFew(few).isEmpty());
	}

	@Test
	void youdenPicksTheSeparatingThreshold() {
		double[] p = {0.1, 0.35, 0.4, 0.45, 0.7, 0.9};
		int[] y = {0, 0, 0, 1, 1, 1};
		double t = Metrics.youdenThreshold(p, y);
		Metrics m = Metrics.of(p, y, t);
		assertEquals(1.0, m.sensitivity);
		assertEquals(1.0, m.specificity);
	}

	@Test
	void meanAndSampleStd() {
		double[] ms = Metrics.meanStd(1, 2, 3, 4);
		assertEquals(2.5, ms[0], 1e-12);
		assertEquals(Math.sqrt(5 / 3.0), ms[1], 1e-12);
	}

	@Test
	void stratifiedFoldsKeepTheBalanceAndAreSeeded() {
		int[] y = new int[50];
		Arrays.fill(y, 0, 20, 1);
		int[] f = Splits.stratifiedFolds(y, 5, 42);
		assertArrayEquals(f, Splits.stratifiedFolds(y, 5, 42));
		assertFalse(Arrays.equals(f, Splits.stratifiedFolds(y, 5, 43)));
		for (int k = 0; k < 5; k++) {
			int n = 0, pos = 0;
			for (int i = 0; i < y.length; i++)
				if (f[i] == k) {
					n++;
					pos += y[i];
				}
			assertEquals(10, n);
			assertEquals(4, pos);
		}
		assertThrows(io.github.bonefracture.core.InvalidInputException.class, () -> Splits.stratifiedFolds(new int[] {1, 0, 0, 0}, 2, 1));
		int[][] h = Splits.stratifiedHoldout(y, 0.2, 123);
		assertEquals(10, h[1].length);
		assertEquals(4, Arrays.stream(h[1]).map(i -> y[i]).sum());
	}
}
