package io.github.bonefracture.engine;

import org.apache.commons.math3.special.Erf;

import java.util.Arrays;
import java.util.Random;

/**
 * Two classifiers' AUCs on the same cases compared: DeLong, DeLong and
 * Clarke-Pearson's (1988) test for correlated ROC curves, computed with Sun
 * and Xu's (2014) midrank algorithm, and a stratified bootstrap interval of
 * the difference (positives and negatives resampled apart, with a seed).
 */
public final class RocComparison {
	public final double aucA;
	public final double aucB;
	/** aucA - aucB. */
	public final double difference;
	/** DeLong's standard error of the difference. */
	public final double standardError;
	public final double z;
	/** Two-sided. */
	public final double p;
	/** 95% interval of the difference from the bootstrap. */
	public final double bootstrapLow;
	public final double bootstrapHigh;
	public final int bootstrapReplicates;

	private RocComparison(double aucA, double aucB, double se, double low, double high, int reps) {
		this.aucA = aucA;
		this.aucB = aucB;
		this.difference = aucA - aucB;
		this.standardError = se;
		this.z = se > 0 ? difference / se : (difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference));
		// erfc keeps tiny p-values (1 - cdf would round them to 0); se 0 with a difference cannot be tested: NaN.
		this.p = se > 0 ? Erf.erfc(Math.abs(z) / Math.sqrt(2)) : (difference == 0 ? 1 : Double.NaN);
		this.bootstrapLow = low;
		this.bootstrapHigh = high;
		this.bootstrapReplicates = reps;
	}

	/** a and b: scores of the same cases (higher = more likely positive); y: 1 for positive, 0 for negative. */
	/** A p-value as a report prints it: below what a double near 1 can resolve, "< 1e-16". */
	public static String pText(double p) {
		if (Double.isNaN(p)) return "not defined";
		return p < 1e-16 ? "< 1e-16" : String.format(java.util.Locale.ROOT, "%.2g", p);
	}

	public static RocComparison of(double[] a, double[] b, int[] y, int replicates, long seed) {
		if (a.length != y.length || b.length != y.length) throw new IllegalArgumentException("scores and targets differ in length");
		int m = 0;
		for (int t : y) m += t;
		int n = y.length - m;
		if (m < 2 || n < 2) throw new IllegalArgumentException("DeLong's test needs at least two positives and two negatives");
		double[][] va = placements(a, y, m, n), vb = placements(b, y, m, n);
		double aucA = mean(va[0]), aucB = mean(vb[0]);
		// Var(A - B) = S10/m + S01/n for the difference's contrast (1, -1).
		double s10 = covariance(va[0], va[0]) + covariance(vb[0], vb[0]) - 2 * covariance(va[0], vb[0]);
		double s01 = covariance(va[1], va[1]) + covariance(vb[1], vb[1]) - 2 * covariance(va[1], vb[1]);
		double se = Math.sqrt(Math.max(0, s10 / m + s01 / n));
		double[] ci = bootstrap(a, b, y, replicates, seed);
		return new RocComparison(aucA, aucB, se, ci[0], ci[1], replicates);
	}

	static double variance(double[] v) {
		return covariance(v, v);
	}

	/**
	 * DeLong's structural components by midranks: {V10 per positive, V01 per
	 * negative}; their means are the AUC.
	 */
	static double[][] placements(double[] s, int[] y, int m, int n) {
		double[] x = new double[m], z = new double[n];
		int i = 0, j = 0;
		for (int k = 0; k < s.length; k++) {
			if (y[k] == 1) x[i++] = s[k];
			else z[j++] = s[k];
		}
		double[] all = new double[m + n];
		System.arraycopy(x, 0, all, 0, m);
		System.arraycopy(z, 0, all, m, n);
		double[] tx = midranks(x), tz = midranks(z), ta = midranks(all);
		double[] v10 = new double[m], v01 = new double[n];
		for (int k = 0; k < m; k++) v10[k] = (ta[k] - tx[k]) / n;
		for (int k = 0; k < n; k++) v01[k] = 1 - (ta[m + k] - tz[k]) / m;
		return new double[][] {v10, v01};
	}

	/** Ranks from 1, ties given their mean rank. */
	static double[] midranks(double[] v) {
		Integer[] order = new Integer[v.length];
		for (int i = 0; i < v.length; i++) order[i] = i;
		Arrays.sort(order, (p, q) -> Double.compare(v[p], v[q]));
		double[] r = new double[v.length];
		int i = 0;
		while (i < v.length) {
			int j = i;
			while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) j++;
			double mid = (i + j) / 2.0 + 1;
			for (int k = i; k <= j; k++) r[order[k]] = mid;
			i = j + 1;
		}
		return r;
	}

	private static double mean(double[] v) {
		double s = 0;
		for (double x : v) s += x;
		return s / v.length;
	}

	/** Sample covariance (n - 1). */
	private static double covariance(double[] p, double[] q) {
		double mp = mean(p), mq = mean(q), s = 0;
		for (int i = 0; i < p.length; i++) s += (p[i] - mp) * (q[i] - mq);
		return s / (p.length - 1);
	}

	/** Percentile 95% interval of aucA - aucB over replicates that resample positives and negatives apart. */
	static double[] bootstrap(double[] a, double[] b, int[] y, int replicates, long seed) {
		if (replicates <= 0) return new double[] {Double.NaN, Double.NaN};
		int[] pos = java.util.stream.IntStream.range(0, y.length).filter(i -> y[i] == 1).toArray();
		int[] neg = java.util.stream.IntStream.range(0, y.length).filter(i -> y[i] == 0).toArray();
		Random rng = new Random(seed);
		double[] diffs = new double[replicates];
		int len = pos.length + neg.length;
		double[] ra = new double[len], rb = new double[len];
		int[] ry = new int[len];
		for (int r = 0; r < replicates; r++) {
			int k = 0;
			for (int[] cls : new int[][] {pos, neg}) {
				for (int i = 0; i < cls.length; i++) {
					int pick = cls[rng.nextInt(cls.length)];
					ra[k] = a[pick];
					rb[k] = b[pick];
					ry[k++] = y[pick];
				}
			}
			diffs[r] = Metrics.auc(ra, ry) - Metrics.auc(rb, ry);
		}
		Arrays.sort(diffs);
		return new double[] {diffs[(int) Math.floor(0.025 * (replicates - 1))], diffs[(int) Math.ceil(0.975 * (replicates - 1))]};
	}
}
