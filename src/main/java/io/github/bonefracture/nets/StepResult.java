package io.github.bonefracture.nets;

/** One training step's outcome: mean loss over the batch and each image's logit (with dropout, as trained). */
public final class StepResult {
	public final double loss;
	public final float[] logits;

	public StepResult(double loss, float[] logits) {
		this.loss = loss;
		this.logits = logits;
	}
}
