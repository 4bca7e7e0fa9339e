package io.github.bonefracture.engine;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Binary classification figures from P(fracture) and targets (1 = fracture).
 */
public final class Metrics {

	public final int n;
	public final double loss;
	public final double accuracy;
	public final double auc;
	public final double sensitivity;
	public final double specificity;
	/** Confusion matrix at the threshold. */
	public final int tp, fp, tn, fn;
	public final double threshold;

	private Metrics(int n, double loss, double accuracy, double auc, double sens, double spec, int tp, int fp, int tn, int fn, double threshold) {
		this.n = n;
		this.loss = loss;
		this.accuracy = accuracy;
		this.auc = auc;
		this.sensitivity = sens;
		this.specificity = spec;
		this.tp = tp;
		this.fp = fp;
		this.tn = tn;
		this.fn = fn;
		this.threshold = threshold;
	}

	public static Metrics of(double[] p, int[] y, double threshold) {
		int tp = 0, fp = 0, tn = 0, fn = 0;
		double loss = 0;
		for (int i = 0; i < p.length; i++) {
			boolean pred = p[i] >= threshold;
			if (y[i] == 1) {
				if (pred) tp++;
				else fn++;
			} else {
				if (pred) fp++;
				else tn++;
			}
			loss += bce(p[i], y[i]);
		}
		int n = p.length;
		return new Metrics(n, n == 0 ? Double.NaN : loss / n, n == 0 ? Double.NaN : (tp + tn) / (double) n, auc(p, y),
			tp + fn == 0 ? Double.NaN : tp / (double) (tp + fn), tn + fp == 0 ? Double.NaN : tn / (double) (tn + fp), tp, fp, tn, fn, threshold);
	}

	/** Binary cross-entropy of one prediction, clipped as Keras does (1e-7). */
	public static double bce(double p, int y) {
		double q = Math.min(1 - 1e-7, Math.max(1e-7, p));
		return y == 1 ? -Math.log(q) : -Math.log(1 - q);
	}

	/** ROC AUC as the Mann-Whitney statistic (ties count one half); NaN with a single class. */
	public static double auc(double[] p, int[] y) {
		int pos = 0;
		for (int v : y) pos += v;
		int neg = y.length - pos;
		if (pos == 0 || neg == 0) return Double.NaN;
		double[] ranks = new NaturalRanking(TiesStrategy.AVERAGE).rank(p);
		double sum = 0;
		for (int i = 0; i < y.length; i++) if (y[i] == 1) sum += ranks[i];
		return (sum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
	}

	/** The threshold on P(fracture) that maximises Youden's J = sensitivity + specificity - 1. */
	public static double youdenThreshold(double[] p, int[] y) {
		double best = 0.5, bestJ = -2;
		double[] cands = p.clone();
		java.util.Arrays.sort(cands);
		for (double t : cands) {
			Metrics m = of(p, y, t);
			double j = m.sensitivity + m.specificity - 1;
			if (j > bestJ + 1e-12) {
				bestJ = j;
				best = t;
			}
		}
		return best;
	}

	/** {mean, sample standard deviation (n - 1)} of values, ignoring NaN. */
	public static double[] meanStd(double... values) {
		SummaryStatistics s = new SummaryStatistics();
		for (double v : values) if (!Double.isNaN(v)) s.addValue(v);
		return new double[] {s.getMean(), s.getN() > 1 ? s.getStandardDeviation() : 0};
	}

	/** Every figure by name, in one order: the columns of the k-fold CSV, JSON and tables. */
	public java.util.Map<String, Number> fields() {
		java.util.Map<String, Number> m = new java.util.LinkedHashMap<>();
		m.put("images", n);
		m.put("loss", loss);
		m.put("accuracy", accuracy);
		m.put("auc", auc);
		m.put("sensitivity", sensitivity);
		m.put("specificity", specificity);
		m.put("tp", tp);
		m.put("fp", fp);
		m.put("tn", tn);
		m.put("fn", fn);
		return m;
	}

	@Override
	public String toString() {
		return String.format("loss %.4f  accuracy %.3f  AUC %.3f  sensitivity %.3f  specificity %.3f  [TP %d FP %d TN %d FN %d]",
			loss, accuracy, auc, sensitivity, specificity, tp, fp, tn, fn);
	}
}
