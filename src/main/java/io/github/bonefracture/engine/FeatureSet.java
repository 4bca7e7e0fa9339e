package io.github.bonefracture.engine;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.backend.BaseFeatures;

import io.github.bonefracture.preprocess.Augmentation;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Globally pooled base features, one row per image. While the base is
 * frozen and nothing is augmented, an image's features never change, so
 * phase 1 can train the head on these rows instead of running the whole
 * network every epoch (and every fold).
 */
final class FeatureSet implements Examples {
	private final float[][] rows;
	private final int[] targets;

	private FeatureSet(float[][] rows, int[] targets) {
		this.rows = rows;
		this.targets = targets;
	}

	@Override
	public int size() {
		return rows.length;
	}

	@Override
	public int target(int i) {
		return targets[i];
	}

	int width() {
		return rows.length == 0 ? 0 : rows[0].length;
	}

	@Override
	public Batch batch(int[] idx, Augmentation aug, Random rng) {
		float[][] sel = new float[idx.length][];
		for (int k = 0; k < idx.length; k++) sel[k] = rows[idx[k]];
		return Batch.ofRows(sel);
	}

	/**
	 * Features of images under one base, remembered per file while the base's
	 * parameters stay the same (across the folds of a k-fold run).
	 */
	static final class Cache {
		private final Map<Path, float[]> rows = new HashMap<>();
		private final Backend backend;
		private double fingerprint = Double.NaN;

		Cache(Backend backend) {
			this.backend = backend;
		}

		FeatureSet of(ComputationGraph net, LoadedImages images, int batchSize) {
			INDArray p = net.params();
			double fp = p.sumNumber().doubleValue() * 31 + p.norm2Number().doubleValue();
			if (fp != fingerprint) {
				rows.clear();
				fingerprint = fp;
			}
			int[] missing = IntStream.range(0, images.size()).filter(i -> !rows.containsKey(images.samples().get(i).path())).toArray();
			if (missing.length > 0) {
				try (BaseFeatures base = backend.base(net, false)) {
					for (int from = 0; from < missing.length; from += batchSize) {
						int[] idx = java.util.Arrays.copyOfRange(missing, from, Math.min(missing.length, from + batchSize));
						float[][] pooled = PooledBase.pooled(base, images.batch(idx, null, null));
						for (int k = 0; k < idx.length; k++) rows.put(images.samples().get(idx[k]).path(), pooled[k]);
					}
				}
			}
			float[][] out = new float[images.size()][];
			for (int i = 0; i < out.length; i++) out[i] = rows.get(images.samples().get(i).path());
			return new FeatureSet(out, images.targets());
		}
	}
}
