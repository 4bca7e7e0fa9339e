package io.github.bonefracture.engine;

import java.io.Serializable;

/**
 * What one trained fold hands back: its test images' P(fracture), raw and
 * calibrated, and the decision learned on its inner validation split. Plain
 * data, so a fold can train on another machine; the figures are computed
 * from it where the folds are gathered.
 */
public final class FoldOutcome implements Serializable {
	private static final long serialVersionUID = 1L;

	/** The test images' indices in dataset order. */
	final int[] testIdx;
	final double[] p;
	final double[] calibrated;
	final double threshold;
	final String rule;
	final Calibration.Method calibrationMethod;
	final double calibrationA;
	final double calibrationB;
	final int validationImages;
	/** The images the fold's own image generator learned from, or null (no synthetic images, or a generator file). */
	final String[] generatorImages;

	FoldOutcome(int[] testIdx, double[] p, double[] calibrated, Decision d, int validationImages, String[] generatorImages) {
		this.testIdx = testIdx;
		this.p = p;
		this.calibrated = calibrated;
		this.threshold = d.threshold;
		this.rule = d.rule;
		this.calibrationMethod = d.calibration.method;
		this.calibrationA = d.calibration.a;
		this.calibrationB = d.calibration.b;
		this.validationImages = validationImages;
		this.generatorImages = generatorImages;
	}

	Decision decision() {
		return new Decision(new Calibration(calibrationMethod, calibrationA, calibrationB), threshold, rule);
	}

	/** The test images' P(fracture) before calibration, in the order of their indices. */
	public double[] probabilities() {
		return p.clone();
	}

	public int[] testIndices() {
		return testIdx.clone();
	}
}
