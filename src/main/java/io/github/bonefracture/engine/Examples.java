package io.github.bonefracture.engine;

import io.github.bonefracture.preprocess.Augmentation;

import java.util.Random;

/** What training batches are made from: decoded images, or base features computed once. */
interface Examples {
	int size();

	int target(int i);

	default int[] targets() {
		int[] t = new int[size()];
		for (int i = 0; i < t.length; i++) t[i] = target(i);
		return t;
	}

	/** Network input for the given examples, augmented when rng is not null. */
	Batch batch(int[] idx, Augmentation aug, Random rng);
}
