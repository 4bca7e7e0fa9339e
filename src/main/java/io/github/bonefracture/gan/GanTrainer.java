package io.github.bonefracture.gan;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.nets.NativeRuntime;
import io.github.bonefracture.preprocess.FloatImage;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Trains a {@link Generator} on labelled grey images at the generator's size
 * with the hinge loss: the discriminator and generator take one Adam step
 * each per batch, the discriminator's gradient coming from its scores on
 * real and generated images, the generator's flowing back through the
 * discriminator (not updated then) and the augmentation. One seed decides
 * weights, batches, noise and augmentation: the same seed gives the same
 * generator.
 */
public final class GanTrainer {

	/** What one epoch did, for the loss curves. */
	public static final class Epoch {
		public final int epoch;
		public final double discriminatorLoss;
		public final double generatorLoss;
		public final double realScore;
		public final double fakeScore;
		public final double seconds;

		Epoch(int epoch, double dLoss, double gLoss, double real, double fake, double seconds) {
			this.epoch = epoch;
			this.discriminatorLoss = dLoss;
			this.generatorLoss = gLoss;
			this.realScore = real;
			this.fakeScore = fake;
			this.seconds = seconds;
		}
	}

	/** Called after each epoch with the generator as it stands. */
	public interface Listener {
		void epoch(Epoch e, Generator g);
	}

	private final GanConfig config;
	private final Progress progress;

	public GanTrainer(GanConfig config, Progress progress) {
		this.config = config.copy().validate();
		this.progress = progress == null ? Progress.NONE : progress;
	}

	/**
	 * images at the configured size (grey in [0, 1]) with their labels;
	 * record says what they were, for the generator file.
	 */
	public Generator train(List<FloatImage> images, List<Label> labels, TrainingRecord record, Listener listener) {
		GanConfig c = config;
		int s = c.imageSize, px = s * s, n = images.size();
		if (n < 2) throw new InvalidInputException("A generator needs at least 2 training images; got " + n);
		for (Label l : Label.values())
			if (!labels.contains(l)) throw new InvalidInputException("A class-conditional generator needs images of both classes; there are no " + l.displayName() + " images");
		float[] all = new float[n * px];
		int[] cls = new int[n];
		for (int i = 0; i < n; i++) {
			FloatImage im = images.get(i);
			if (im.width != s || im.height != s) throw new IllegalArgumentException("image " + i + " is " + im.width + "x" + im.height + ", not " + s);
			System.arraycopy(im.data, 0, all, i * px, px);
			cls[i] = labels.get(i).target();
		}
		// Before any layer exists: DL4J picks each layer's oneDNN helper when the layer is made.
		NativeRuntime.configure();
		Nd4j.getRandom().setSeed(c.seed);
		MultiLayerNetwork g = new MultiLayerNetwork(GanNetworks.generator(c));
		g.init();
		MultiLayerNetwork d = new MultiLayerNetwork(GanNetworks.discriminator(c));
		d.init();
		SpectralBound bound = new SpectralBound(d, c.seed + 2);
		bound.apply();
		Random rng = new Random(c.seed);
		int batch = Math.min(c.batchSize, n);
		int steps = Math.max(1, n / batch);
		Generator current = new Generator(g, c, record);
		int iteration = 0;
		for (int e = 1; e <= c.epochs; e++) {
			progress.checkCanceled();
			long t0 = System.nanoTime();
			List<Integer> order = new ArrayList<>();
			for (int i = 0; i < n; i++) order.add(i);
			Collections.shuffle(order, rng);
			double dl = 0, gl = 0, real = 0, fake = 0;
			for (int k = 0; k < steps; k++) {
				progress.checkCanceled();
				int[] idx = order.subList(k * batch, k * batch + batch).stream().mapToInt(Integer::intValue).toArray();
				float[] x = new float[batch * px];
				int[] y = new int[batch];
				for (int i = 0; i < batch; i++) {
					System.arraycopy(all, idx[i] * px, x, i * px, px);
					y[i] = cls[idx[i]];
				}
				double[] dStep = discriminatorStep(d, g, bound, x, y, rng, iteration, e);
				dl += dStep[0];
				real += dStep[1];
				fake += dStep[2];
				gl += generatorStep(d, g, y, rng, iteration, e);
				iteration++;
				progress.progress("Training the image generator, epoch " + e + "/" + c.epochs, (long) (e - 1) * steps + k + 1, (long) c.epochs * steps);
			}
			Epoch stats = new Epoch(e, dl / steps, gl / steps, real / steps, fake / steps, (System.nanoTime() - t0) / 1e9);
			if (!Double.isFinite(stats.discriminatorLoss) || !Double.isFinite(stats.generatorLoss))
				throw new InvalidInputException("Generator training diverged at epoch " + e + " (a loss is not finite); try a lower learning rate");
			if (listener != null) listener.epoch(stats, current);
		}
		return current;
	}

	/** One hinge-loss step of the discriminator on a real batch and as many generated images of the same classes; returns loss, mean real and fake scores. */
	private double[] discriminatorStep(MultiLayerNetwork d, MultiLayerNetwork g, SpectralBound bound, float[] x, int[] y, Random rng, int iteration, int epoch) {
		int b = y.length, s = config.imageSize;
		float[] fake = g.feedForward(GanInputs.generator(config.latentSize, y, rng), true).get(g.getnLayers()).data().asFloat();
		float[] realSeen = augment(x, b, rng), fakeSeen = augment(fake, b, rng);
		float[] both = new float[2 * b * s * s];
		System.arraycopy(realSeen, 0, both, 0, realSeen.length);
		System.arraycopy(fakeSeen, 0, both, realSeen.length, fakeSeen.length);
		int[] y2 = new int[2 * b];
		System.arraycopy(y, 0, y2, 0, b);
		System.arraycopy(y, 0, y2, b, b);
		d.setInput(GanInputs.discriminator(both, y2, s));
		float[] score = d.feedForward(true, false).get(d.getnLayers()).data().asFloat();
		float[] eps = new float[2 * b];
		double loss = 0, real = 0, fakeScore = 0;
		for (int i = 0; i < b; i++) {
			loss += Math.max(0, 1 - score[i]) / b + Math.max(0, 1 + score[b + i]) / b;
			eps[i] = score[i] < 1 ? -1f / b : 0f;
			eps[b + i] = score[b + i] > -1 ? 1f / b : 0f;
			real += score[i] / b;
			fakeScore += score[b + i] / b;
		}
		step(d, d.backpropGradient(Nd4j.create(eps, new long[] {2 * b, 1}, 'c'), LayerWorkspaceMgr.noWorkspaces()).getFirst(), iteration, epoch, 2 * b);
		bound.apply();
		return new double[] {loss, real, fakeScore};
	}

	/** One step of the generator: raise the discriminator's score of augmented generated images. */
	private double generatorStep(MultiLayerNetwork d, MultiLayerNetwork g, int[] y, Random rng, int iteration, int epoch) {
		int b = y.length, s = config.imageSize, px = s * s;
		g.setInput(GanInputs.generator(config.latentSize, y, rng));
		float[] fake = g.feedForward(true, false).get(g.getnLayers()).data().asFloat();
		DiffAugment aug = config.diffAugment ? DiffAugment.draw(b, s, rng) : null;
		float[] seen = aug == null ? fake : aug.forward(fake);
		d.setInput(GanInputs.discriminator(seen, y, s));
		float[] score = d.feedForward(true, false).get(d.getnLayers()).data().asFloat();
		double loss = 0;
		for (float v : score) loss -= v / b;
		float[] eps = new float[b];
		java.util.Arrays.fill(eps, -1f / b);
		Pair<Gradient, INDArray> back = d.backpropGradient(Nd4j.create(eps, new long[] {b, 1}, 'c'), LayerWorkspaceMgr.noWorkspaces());
		float[] dInput = back.getSecond().dup('c').data().asFloat();
		float[] dSeen = new float[b * px];
		int planes = 1 + GanNetworks.CLASSES;
		for (int i = 0; i < b; i++) System.arraycopy(dInput, i * planes * px, dSeen, i * px, px);
		float[] dFake = aug == null ? dSeen : aug.backward(dSeen);
		Gradient gg = g.backpropGradient(Nd4j.create(dFake, new long[] {b, 1, s, s}, 'c'), LayerWorkspaceMgr.noWorkspaces()).getFirst();
		step(g, gg, iteration, epoch, b);
		return loss;
	}

	private float[] augment(float[] images, int b, Random rng) {
		return config.diffAugment ? DiffAugment.draw(b, config.imageSize, rng).forward(images) : images;
	}

	private static void step(MultiLayerNetwork net, Gradient gradient, int iteration, int epoch, int batch) {
		net.getUpdater().update(net, gradient, iteration, epoch, batch, LayerWorkspaceMgr.noWorkspaces());
		net.params().subi(gradient.gradient());
	}
}
