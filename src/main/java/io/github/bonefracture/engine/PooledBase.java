package io.github.bonefracture.engine;

import io.github.bonefracture.backend.BaseFeatures;
import io.github.bonefracture.preprocess.Augmentation;

import java.util.Random;

/**
 * Images seen through a frozen DenseNet base: each batch is decoded (and
 * augmented), run through the base and globally pooled, so phase 1 trains
 * only the head. It needs no feature cache, so it also serves augmented
 * training.
 */
final class PooledBase implements Examples {
	private final Examples images;
	private final BaseFeatures base;

	PooledBase(Examples images, BaseFeatures base) {
		this.images = images;
		this.base = base;
	}

	@Override
	public int size() {
		return images.size();
	}

	@Override
	public int target(int i) {
		return images.target(i);
	}

	@Override
	public Batch batch(int[] idx, Augmentation aug, Random rng) {
		return Batch.ofRows(pooled(base, images.batch(idx, aug, rng)));
	}

	/** Pooled base features of a batch of network inputs (N, C, H, W). */
	static float[][] pooled(BaseFeatures base, Batch x) {
		return base.pooled(x.values, x.size(), (int) x.shape[2], (int) x.shape[3]);
	}
}
