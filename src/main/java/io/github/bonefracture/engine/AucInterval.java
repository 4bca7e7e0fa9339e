package io.github.bonefracture.engine;

import java.util.Locale;

/**
 * One AUC with its 95% interval and the method that gave it: DeLong's
 * standard error (DeLong, DeLong and Clarke-Pearson 1988), or, when that
 * collapses to zero width because every fracture-normal pair is ordered the
 * same way (AUC 0 or 1), Newcombe's score interval (Newcombe 2006, method 5:
 * the Hanley-McNeil variance with N* = (m + n)/2 - 1, inverted as Wilson's
 * interval is), which stays wide enough for the sample it came from.
 */
public final class AucInterval {
	public static final String DELONG = "DeLong, DeLong and Clarke-Pearson (1988)";
	public static final String NEWCOMBE = "Newcombe (2006) score interval, method 5 (DeLong's has zero width when every pair is ordered)";
	private static final double Z = 1.959963984540054;

	public final double auc;
	public final double low;
	public final double high;
	public final String method;

	private AucInterval(double auc, double low, double high, String method) {
		this.auc = auc;
		this.low = low;
		this.high = high;
		this.method = method;
	}

	/** s: scores (higher = more likely fracture), y: 1 for fracture. NaN bounds with fewer than two of a class. */
	public static AucInterval of(double[] s, int[] y) {
		int m = 0;
		for (int t : y) m += t;
		int n = y.length - m;
		if (m < 2 || n < 2) return new AucInterval(Metrics.auc(s, y), Double.NaN, Double.NaN, DELONG);
		double[][] v = RocComparison.placements(s, y, m, n);
		double auc = 0;
		for (double x : v[0]) auc += x / m;
		double se = Math.sqrt(Math.max(0, RocComparison.variance(v[0]) / m + RocComparison.variance(v[1]) / n));
		if (se > 0) return new AucInterval(auc, Math.max(0, auc - Z * se), Math.min(1, auc + Z * se), DELONG);
		return newcombe(auc, m, n);
	}

	/** Newcombe's method 5 for an AUC from m fractures and n normals. */
	static AucInterval newcombe(double auc, int m, int n) {
		double lo = auc <= 0 ? 0 : solve(auc, m, n, 0, auc), hi = auc >= 1 ? 1 : solve(auc, m, n, 1, auc);
		return new AucInterval(auc, lo, hi, NEWCOMBE);
	}

	/** The theta between from and to where |auc - theta| = z sd(theta), by bisection (the gap grows away from auc). */
	private static double solve(double auc, int m, int n, double from, double to) {
		double a = from, b = to;
		for (int i = 0; i < 200; i++) {
			double mid = (a + b) / 2;
			boolean outside = Math.abs(auc - mid) > Z * Math.sqrt(variance(mid, m, n));
			// from lies outside the interval, to (= auc) inside.
			if (outside) a = mid;
			else b = mid;
		}
		return (a + b) / 2;
	}

	/** Hanley-McNeil's variance with Newcombe's N* = (m + n)/2 - 1 for both classes. */
	static double variance(double theta, int m, int n) {
		double ns = (m + n) / 2.0 - 1;
		return theta * (1 - theta) / ((double) m * n) * (1 + (ns - 1) * ((1 - theta) / (2 - theta) + theta / (1 + theta)));
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%.4f, 95%% CI [%.4f, %.4f] (%s)", auc, low, high, method.startsWith("DeLong") ? "DeLong" : "Newcombe score interval");
	}
}
