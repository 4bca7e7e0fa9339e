package io.github.bonefracture.engine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A model's decision, learned on held-out predictions only (out-of-fold
 * predictions of an inner cross-validation, or one validation split): the
 * calibration of its probabilities, then the threshold on the calibrated
 * scale with its bootstrap interval.
 */
final class Decision {
	final Calibration calibration;
	final double threshold;
	/** The threshold's 95% stratified-bootstrap interval; NaN when not known (outcomes stored by earlier versions). */
	final double thresholdLow;
	final double thresholdHigh;
	/** The rule as applied, with the reason when it fell back to 0.5. */
	final String rule;
	/** Calibration's effect on held-out images, or empty when nothing was calibrated. */
	final Map<String, Object> calibrationEffect;
	/** The held-out predictions' AUC (below 0.5: the classes ranked the wrong way round); NaN when unknown. */
	double heldOutAuc = Double.NaN;

	Decision(Calibration calibration, double threshold, String rule) {
		this(calibration, threshold, Double.NaN, Double.NaN, rule, Map.of());
	}

	Decision(Calibration calibration, double threshold, double low, double high, String rule, Map<String, Object> calibrationEffect) {
		this.calibration = calibration;
		this.threshold = threshold;
		this.thresholdLow = low;
		this.thresholdHigh = high;
		this.rule = rule;
		this.calibrationEffect = calibrationEffect;
	}

	/**
	 * p: the network's P(fracture) on held-out images, y their targets, fold
	 * the inner fold each was held out in (null: one validation split). With
	 * folds, the calibration's effect is measured cross-fitted: each fold's
	 * images calibrated by a fit on the other folds' images.
	 */
	static Decision learn(TrainingConfig c, double[] p, int[] y, int[] fold) {
		Calibration cal = Calibration.fit(c.calibrationMethod(), p, y);
		ThresholdRule rule = c.thresholdRule();
		double[] q = cal.apply(p);
		double[] ci = rule.interval(q, y, c.seed);
		String text = rule.tooFew(y).map(tooFew -> "0.5 (" + tooFew + ")").orElse(rule + ", threshold midway between the scores either side of the best cut");
		Decision d = new Decision(cal, rule.choose(q, y), ci[0], ci[1], text, effect(c, cal, p, y, fold));
		d.heldOutAuc = Metrics.auc(p, y);
		return d;
	}

	/** Brier score and expected calibration error of held-out images before and after calibration. */
	private static Map<String, Object> effect(TrainingConfig c, Calibration cal, double[] p, int[] y, int[] fold) {
		Map<String, Object> m = new LinkedHashMap<>();
		if (c.calibrationMethod() == Calibration.Method.NONE || p.length == 0) return m;
		double[] after;
		if (fold != null) {
			after = new double[p.length];
			int folds = java.util.Arrays.stream(fold).max().orElse(0) + 1;
			for (int f = 0; f < folds; f++) {
				int[] in = Splits.where(fold, f, true), out = Splits.where(fold, f, false);
				Calibration fit = Calibration.fit(c.calibrationMethod(), pick(p, out), pick(y, out));
				for (int i : in) after[i] = fit.apply(p[i]);
			}
			m.put("measuredOn", p.length + " held-out images, each calibrated by a fit on the other inner folds' images (cross-fitted)");
		} else {
			after = cal.apply(p);
			m.put("measuredOn", p.length + " validation images, the same the calibration was fitted on (optimistic)");
		}
		Reliability before = Reliability.of(p, y, 10), now = Reliability.of(after, y, 10);
		m.put("brierBefore", before.brier);
		m.put("brierAfter", now.brier);
		m.put("expectedCalibrationErrorBefore", before.expectedCalibrationError);
		m.put("expectedCalibrationErrorAfter", now.expectedCalibrationError);
		m.put("bins", 10);
		return m;
	}

	/** What calibration did to held-out images, for the log after the threshold's own line; empty without calibration. */
	String effectText() {
		if (calibrationEffect.isEmpty()) return "";
		return String.format(Locale.ROOT, "Calibration's effect on held-out images: Brier %.4f -> %.4f, ECE %.4f -> %.4f (%s)", calibrationEffect.get("brierBefore"),
			calibrationEffect.get("brierAfter"), calibrationEffect.get("expectedCalibrationErrorBefore"), calibrationEffect.get("expectedCalibrationErrorAfter"),
			calibrationEffect.get("measuredOn"));
	}

	private static double[] pick(double[] v, int[] idx) {
		double[] o = new double[idx.length];
		for (int i = 0; i < idx.length; i++) o[i] = v[idx[i]];
		return o;
	}

	private static int[] pick(int[] v, int[] idx) {
		int[] o = new int[idx.length];
		for (int i = 0; i < idx.length; i++) o[i] = v[idx[i]];
		return o;
	}
}
