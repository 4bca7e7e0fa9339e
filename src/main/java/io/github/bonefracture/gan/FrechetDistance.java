package io.github.bonefracture.gan;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.Covariance;

/**
 * The Frechet distance between two sets of feature vectors, each taken as a
 * Gaussian (Heusel et al., 2017, the "FID" when the features are
 * Inception's): |m1 - m2|^2 + tr(S1) + tr(S2) - 2 tr((S1^1/2 S2 S1^1/2)^1/2).
 * The matrix square roots come from symmetric eigendecompositions (small
 * negative eigenvalues from rounding count as zero), which is exact for
 * covariance matrices where the usual non-symmetric square root is not.
 */
public final class FrechetDistance {
	private FrechetDistance() {}

	/** rows are samples, columns features; each set needs at least 2 rows. */
	public static double between(double[][] a, double[][] b) {
		if (a.length < 2 || b.length < 2) throw new IllegalArgumentException("a Frechet distance needs at least 2 samples per set");
		double[] ma = mean(a), mb = mean(b);
		RealMatrix sa = new Covariance(a).getCovarianceMatrix(), sb = new Covariance(b).getCovarianceMatrix();
		double d = 0;
		for (int i = 0; i < ma.length; i++) d += (ma[i] - mb[i]) * (ma[i] - mb[i]);
		RealMatrix root = sqrt(sa);
		RealMatrix m = root.multiply(sb).multiply(root);
		m = m.add(m.transpose()).scalarMultiply(0.5);
		double traceRoot = 0;
		for (double e : new EigenDecomposition(m).getRealEigenvalues()) traceRoot += Math.sqrt(Math.max(0, e));
		return Math.max(0, d + sa.getTrace() + sb.getTrace() - 2 * traceRoot);
	}

	private static double[] mean(double[][] x) {
		double[] m = new double[x[0].length];
		for (double[] r : x) for (int j = 0; j < m.length; j++) m[j] += r[j] / x.length;
		return m;
	}

	private static RealMatrix sqrt(RealMatrix s) {
		EigenDecomposition e = new EigenDecomposition(s);
		double[] ev = e.getRealEigenvalues();
		double[][] d = new double[ev.length][ev.length];
		for (int i = 0; i < ev.length; i++) d[i][i] = Math.sqrt(Math.max(0, ev[i]));
		return e.getV().multiply(new Array2DRowRealMatrix(d, false)).multiply(e.getVT());
	}
}
