package io.github.bonefracture.gan;

import io.github.bonefracture.data.Label;
import io.github.bonefracture.preprocess.FloatImage;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A trained class-conditional image generator: noise and a class in, a grey
 * image in [0, 1] at {@link #size()} out. Sampling uses BatchNorm's moving
 * statistics, so an image depends only on its seed and position, not on
 * what else is in the batch.
 */
public final class Generator {
	private static final int CHUNK = 64;

	final MultiLayerNetwork network;
	final GanConfig config;
	final TrainingRecord record;

	Generator(MultiLayerNetwork network, GanConfig config, TrainingRecord record) {
		this.network = network;
		this.config = config;
		this.record = record;
	}

	public int size() {
		return config.imageSize;
	}

	public GanConfig config() {
		return config.copy();
	}

	public TrainingRecord record() {
		return record;
	}

	/** n images of the class, the same for the same seed. */
	public List<FloatImage> sample(Label label, int n, long seed) {
		Random rng = new Random(seed * 31 + label.target());
		List<FloatImage> out = new ArrayList<>(n);
		int s = config.imageSize, px = s * s;
		for (int done = 0; done < n; done += CHUNK) {
			int b = Math.min(CHUNK, n - done);
			int[] cls = new int[b];
			Arrays.fill(cls, label.target());
			INDArray y = network.output(GanInputs.generator(config.latentSize, cls, rng), false);
			float[] v = y.dup('c').data().asFloat();
			for (int i = 0; i < b; i++) out.add(new FloatImage(s, s, Arrays.copyOfRange(v, i * px, (i + 1) * px)));
		}
		return out;
	}

	/** The learned weights, for comparing two generators. */
	public INDArray parameters() {
		return network.params().dup();
	}
}
