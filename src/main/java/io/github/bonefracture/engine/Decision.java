package io.github.bonefracture.engine;

/**
 * A model's decision, learned on validation images only: the calibration of
 * its probabilities, then the threshold on the calibrated scale.
 */
final class Decision {
	final Calibration calibration;
	final double threshold;
	final String rule;

	Decision(Calibration calibration, double threshold, String rule) {
		this.calibration = calibration;
		this.threshold = threshold;
		this.rule = rule;
	}

	/** p: the network's P(fracture) on the validation images, y their targets. */
	static Decision learn(TrainingConfig c, double[] p, int[] y) {
		Calibration cal = Calibration.fit(c.calibrationMethod(), p, y);
		ThresholdRule rule = c.thresholdRule();
		return new Decision(cal, rule.choose(cal.apply(p), y), rule.toString());
	}
}
