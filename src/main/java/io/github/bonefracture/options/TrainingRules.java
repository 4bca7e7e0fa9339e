package io.github.bonefracture.options;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.InvalidOptionException;
import io.github.bonefracture.engine.TrainingConfig;

/**
 * The rules between training options, which no single option's range can
 * say: part of the declaration, checked wherever training settings come
 * from (the faces' options, an earlier run's summary.json).
 */
final class TrainingRules {
	private TrainingRules() {}

	/** A DenseNet block's layers: each of the four numbers of the option blocks. */
	static final int MAX_BLOCK_LAYERS = 128;

	static TrainingConfig checkCombination(TrainingConfig c) {
		check(c.phase1Epochs + c.phase2Epochs > 0, "at least one epoch of training is needed (epochs1 + epochs2 > 0)");
		// Not an option: a file carries the 0.2 the plugin always trains with; anything else was edited.
		check(c.dropout >= 0 && c.dropout <= 0.95, "dropout " + c.dropout + " is out of range (0 to 0.95)");
		check(c.generator != null, "no image generator settings");
		for (int b : c.denseBlocks)
			if (b < 1 || b > MAX_BLOCK_LAYERS) throw new InvalidOptionException("blocks", b + " layers in a block is out of range; each must be from 1 to " + MAX_BLOCK_LAYERS);
		check(c.weights != TrainingConfig.WeightSource.MODEL || (c.weightsFile != null && !c.weightsFile.isBlank()),
			"starting from a model needs the model file (weights_file)");
		check(c.innerFolds != 1, "inner_folds 1 cannot hold anything out: use 0 (one validation split) or 2 or more");
		c.generator.validate();
		check(c.generatorFile == null || c.syntheticPerClass > 0,
			"a generator file was given but no synthetic images asked for: set synthetic_per_class to how many per class");
		check(!c.reuseBaseFeatures || c.augmentation().isIdentity(),
			"reusing base features needs augmentation off (no flip, rotation, zoom or brightness): augmented images have other features");
		return c;
	}

	private static void check(boolean ok, String message) {
		if (!ok) throw new InvalidInputException("Training settings: " + message);
	}
}
