package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

/**
 * A trainable tensor with its gradient and Adam's moments, stepped as DL4J's
 * Adam steps (its epsilon after the bias-corrected step size), so the oneDNN
 * path and DL4J take the same steps.
 */
final class AdamParam {
	static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

	final float[] value, grad, m, v;

	AdamParam(float[] value) {
		this.value = value;
		this.grad = new float[value.length];
		this.m = new float[value.length];
		this.v = new float[value.length];
	}

	/** The bias-corrected step size of step t (from 1) at this learning rate. */
	static double stepSize(double learningRate, int t) {
		return learningRate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
	}

	/**
	 * In float, as DL4J's native Adam computes for float parameters (its
	 * order of operations too); a loop in double took 2.5 times as long.
	 */
	void step(double alpha) {
		float b1 = (float) BETA1, b2 = (float) BETA2, a = (float) alpha, eps = (float) EPSILON;
		for (int i = 0; i < value.length; i++) {
			float g = grad[i];
			float mi = b1 * m[i] + g * (1 - b1), vi = b2 * v[i] + g * g * (1 - b2);
			m[i] = mi;
			v[i] = vi;
			value[i] -= mi * a / ((float) Math.sqrt(vi) + eps);
		}
	}
}
