package io.github.bonefracture.engine;

import io.github.bonefracture.backend.BaseFeatures;
import io.github.bonefracture.preprocess.Augmentation;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
	public INDArray features(int[] idx, Augmentation aug, Random rng) {
		return Nd4j.create(pooled(base, images.features(idx, aug, rng)));
	}

	@Override
	public INDArray labels(int[] idx) {
		return images.labels(idx);
	}

	/** Pooled base features of a batch of network inputs (N, C, H, W). */
	static float[][] pooled(BaseFeatures base, INDArray x) {
		long[] s = x.shape();
		return base.pooled(x.dup('c').data().asFloat(), (int) s[0], (int) s[2], (int) s[3]);
	}
}
