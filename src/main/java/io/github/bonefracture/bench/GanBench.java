package io.github.bonefracture.bench;

import io.github.bonefracture.data.Label;
import io.github.bonefracture.gan.GanConfig;
import io.github.bonefracture.gan.GanTrainer;
import io.github.bonefracture.gan.TrainingRecord;
import io.github.bonefracture.preprocess.FloatImage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seconds per image-generator epoch at the sizes a user picks, on seeded
 * random images (the arithmetic does not depend on what is drawn): the
 * first epoch warms up, the median of the rest is reported.
 */
final class GanBench {
	static final int IMAGES = 64;
	static final int EPOCHS = 4;

	private GanBench() {}

	static void run(int[] sizes, int batch) {
		for (int size : sizes) {
			Random rng = new Random(size);
			List<FloatImage> images = new ArrayList<>();
			List<Label> labels = new ArrayList<>();
			List<String> names = new ArrayList<>();
			for (int i = 0; i < IMAGES; i++) {
				float[] v = new float[size * size];
				for (int p = 0; p < v.length; p++) v[p] = rng.nextFloat();
				images.add(new FloatImage(size, size, v));
				labels.add(Label.ofTarget(i % 2));
				names.add("random-" + i);
			}
			GanConfig c = new GanConfig();
			c.imageSize = size;
			c.epochs = EPOCHS;
			c.batchSize = batch;
			double[] seconds = new double[EPOCHS];
			new GanTrainer(c, null).train(images, labels, new TrainingRecord("benchmark", names, IMAGES / 2, IMAGES / 2, "random"),
				(e, g) -> seconds[e.epoch - 1] = e.seconds);
			double[] timed = Arrays.copyOfRange(seconds, 1, EPOCHS);
			Arrays.sort(timed);
			double median = timed[timed.length / 2];
			int steps = IMAGES / batch;
			System.out.printf(Locale.ROOT, "image generator %d px: %.2f s per epoch of %d images (batch %d: %d steps, %.2f s each; width %d, latent %d)%n",
				size, median, IMAGES, batch, steps, median / steps, c.width, c.latentSize);
		}
	}
}
