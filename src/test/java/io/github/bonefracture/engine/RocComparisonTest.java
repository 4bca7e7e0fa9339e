package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * DeLong's test by midranks (Sun and Xu 2014) against the original
 * structural components computed pair by pair with the Mann-Whitney kernel
 * (DeLong, DeLong and Clarke-Pearson 1988): two algorithms, one statistic.
 */
class RocComparisonTest {

	/** psi(x, y): 1 when the positive scores higher, 1/2 on a tie, 0 otherwise. */
	static double psi(double x, double y) {
		return x > y ? 1 : x == y ? 0.5 : 0;
	}

	/** The 1988 paper's variance of A - B, summing over every positive-negative pair. */
	static double[] pairwise(double[] a, double[] b, int[] y) {
		java.util.List<Integer> pos = new java.util.ArrayList<>(), neg = new java.util.ArrayList<>();
		for (int i = 0; i < y.length; i++) (y[i] == 1 ? pos : neg).add(i);
		int m = pos.size(), n = neg.size();
		double[][] v10 = new double[2][m], v01 = new double[2][n];
		double[][] s = {a, b};
		double[] auc = new double[2];
		for (int r = 0; r < 2; r++) {
			for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
				double k = psi(s[r][pos.get(i)], s[r][neg.get(j)]);
				v10[r][i] += k / n;
				v01[r][j] += k / m;
				auc[r] += k / ((double) m * n);
			}
		}
		double[][] s10 = new double[2][2], s01 = new double[2][2];
		for (int r = 0; r < 2; r++) for (int q = 0; q < 2; q++) {
			for (int i = 0; i < m; i++) s10[r][q] += (v10[r][i] - auc[r]) * (v10[q][i] - auc[q]) / (m - 1);
			for (int j = 0; j < n; j++) s01[r][q] += (v01[r][j] - auc[r]) * (v01[q][j] - auc[q]) / (n - 1);
		}
		double var = (s10[0][0] + s10[1][1] - 2 * s10[0][1]) / m + (s01[0][0] + s01[1][1] - 2 * s01[0][1]) / n;
		return new double[] {auc[0], auc[1], Math.sqrt(var)};
	}

	@Test
	void midranksAgreeWithThePairwiseDefinitionTiesIncluded() {
		Random rng = new Random(5);
		for (int trial = 0; trial < 20; trial++) {
			int size = 20 + rng.nextInt(60);
			double[] a = new double[size], b = new double[size];
			int[] y = new int[size];
			for (int i = 0; i < size; i++) {
				y[i] = i % 3 == 0 ? 1 : 0;
				// Rounded, so ties happen.
				a[i] = Math.round((y[i] * 0.8 + rng.nextGaussian()) * 4) / 4.0;
				b[i] = Math.round((y[i] * 0.3 + 0.6 * a[i] + rng.nextGaussian()) * 4) / 4.0;
			}
			RocComparison c = RocComparison.of(a, b, y, 0, 1);
			double[] want = pairwise(a, b, y);
			assertEquals(want[0], c.aucA, 1e-12);
			assertEquals(want[1], c.aucB, 1e-12);
			assertEquals(Metrics.auc(a, y), c.aucA, 1e-12, "the AUC every report uses");
			assertEquals(want[2], c.standardError, 1e-12);
		}
	}

	@Test
	void aClearlyBetterClassifierIsSignificantAndIdenticalOnesAreNot() {
		Random rng = new Random(9);
		int size = 200;
		double[] good = new double[size], noise = new double[size];
		int[] y = new int[size];
		for (int i = 0; i < size; i++) {
			y[i] = i % 2;
			good[i] = y[i] * 2 + rng.nextGaussian();
			noise[i] = rng.nextGaussian();
		}
		RocComparison c = RocComparison.of(good, noise, y, 500, 3);
		assertTrue(c.aucA > 0.85 && Math.abs(c.aucB - 0.5) < 0.1, c.aucA + " " + c.aucB);
		assertTrue(c.p < 1e-6, "p " + c.p);
		assertTrue(c.bootstrapLow > 0.2 && c.bootstrapHigh > c.bootstrapLow && c.bootstrapLow <= c.difference && c.difference <= c.bootstrapHigh,
			c.bootstrapLow + " .. " + c.bootstrapHigh + " around " + c.difference);
		RocComparison same = RocComparison.of(good, good, y, 100, 3);
		assertEquals(0, same.difference, 0);
		assertEquals(1, same.p, 0);
		assertEquals(c.bootstrapLow, RocComparison.of(good, noise, y, 500, 3).bootstrapLow, 0, "the seed fixes the bootstrap");
	}
}
