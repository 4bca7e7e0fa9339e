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

	@Test
	void confidenceIntervalContainsTheAucAndNarrowsWithMoreData() {
		double[] small = Metrics.aucConfidenceInterval(0.8, 10, 10), large = Metrics.aucConfidenceInterval(0.8, 1000, 1000);
		assertTrue(small[0] < 0.8 && small[1] > 0.8);
		assertTrue(large[1] - large[0] < small[1] - small[0]);
		// Hanley-McNeil at AUC 0.8, 50 + 50: Q1 = 2/3, Q2 = 32/45,
		// var = (0.16 + 49 (Q1 - 0.64) + 49 (Q2 - 0.64)) / 2500 = 0.0019804, SE = 0.04450.
		double[] ci = Metrics.aucConfidenceInterval(0.8, 50, 50);
		assertEquals(0.04450, (ci[1] - ci[0]) / (2 * 1.959964), 5e-5);
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
