package io.github.bonefracture.nets;

/** What BatchNorm does while a network trains. */
public enum BatchNormMode {
	/** Batch statistics, moving averages updated, gamma and beta trained (Keras' default training). */
	TRAIN,
	/** Moving statistics, nothing of BatchNorm's updated, gradients passed through (the reference fine-tuning). */
	FROZEN
}
