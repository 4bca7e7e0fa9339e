package io.github.bonefracture.engine;

import io.github.bonefracture.nets.DenseNet121;
import io.github.bonefracture.nets.OneDnnDenseNet;
import io.github.bonefracture.preprocess.Augmentation;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;
import java.util.stream.IntStream;

/**
 * Images seen through a frozen DenseNet base: each batch is decoded (and
 * augmented), run through the base on oneDNN and globally pooled, so phase 1
 * trains only the head. The same work as DL4J's frozen graph, where the
 * frozen layers run in inference mode; it needs no feature cache, so it
 * also serves augmented training.
 */
final class PooledBase implements Examples {
	private final Examples images;
	private final OneDnnDenseNet base;

	PooledBase(Examples images, OneDnnDenseNet base) {
		this.images = images;
		this.base = base;
	}

	/** The images through net's base on oneDNN, or null where that path is not available. */
	static PooledBase of(Examples images, ComputationGraph net) {
		OneDnnDenseNet base = OneDnnDenseNet.tryOf(net);
		return base == null ? null : new PooledBase(images, base);
	}

	OneDnnDenseNet base() {
		return base;
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

	/** P(fracture) for every image in order: the base here, then net's own output layer (dropout is the identity). */
	double[] predict(ComputationGraph net, int batchSize) {
		INDArray w = net.getLayer(DenseNet121.OUTPUT).getParam("W");
		double b = net.getLayer(DenseNet121.OUTPUT).getParam("b").getDouble(0);
		double[] p = new double[size()];
		for (int from = 0; from < p.length; from += batchSize) {
			int[] idx = IntStream.range(from, Math.min(p.length, from + batchSize)).toArray();
			double[] batch = probabilities(features(idx, null, null), w, b);
			System.arraycopy(batch, 0, p, from, batch.length);
		}
		return p;
	}

	/** The head at inference on pooled features (one row per image): sigmoid(row . w + b); dropout is the identity. */
	static double[] probabilities(INDArray pooled, INDArray w, double b) {
		INDArray logits = pooled.mmul(w.reshape(pooled.size(1), 1)).addi(b);
		double[] p = new double[(int) pooled.size(0)];
		for (int k = 0; k < p.length; k++) p[k] = 1 / (1 + Math.exp(-logits.getDouble(k, 0)));
		return p;
	}

	/** Pooled base features of a batch of network inputs (N, C, H, W). */
	static float[][] pooled(OneDnnDenseNet base, INDArray x) {
		long[] s = x.shape();
		return base.pooled(x.dup('c').data().asFloat(), (int) s[0], (int) s[2], (int) s[3]);
	}
}
