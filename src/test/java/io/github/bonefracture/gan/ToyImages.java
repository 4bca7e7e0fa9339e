package io.github.bonefracture.gan;

import io.github.bonefracture.data.Label;
import io.github.bonefracture.preprocess.FloatImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A trivial two-class distribution for tiny GANs: a bright disc (Normal) or a bright horizontal bar (Fracture) on dark, at random places. */
final class ToyImages {
	final List<FloatImage> images = new ArrayList<>();
	final List<Label> labels = new ArrayList<>();

	ToyImages(int perClass, int size, long seed) {
		Random rng = new Random(seed);
		for (int i = 0; i < perClass; i++) {
			for (Label l : Label.values()) {
				FloatImage im = new FloatImage(size, size);
				int cx = size / 4 + rng.nextInt(size / 2), cy = size / 4 + rng.nextInt(size / 2);
				for (int y = 0; y < size; y++)
					for (int x = 0; x < size; x++) {
						boolean on = l == Label.NORMAL ? (x - cx) * (x - cx) + (y - cy) * (y - cy) <= size * size / 25 : Math.abs(y - cy) <= size / 16;
						im.set(x, y, on ? 0.9f : 0.1f);
					}
				images.add(im);
				labels.add(l);
			}
		}
	}

	List<FloatImage> of(Label l) {
		List<FloatImage> out = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) if (labels.get(i) == l) out.add(images.get(i));
		return out;
	}

	/** Features for the distance in tests: the image averaged down to 4x4. */
	static double[][] features(List<FloatImage> images) {
		double[][] f = new double[images.size()][16];
		for (int i = 0; i < f.length; i++) {
			FloatImage im = images.get(i);
			for (int y = 0; y < im.height; y++)
				for (int x = 0; x < im.width; x++) f[i][(y * 4 / im.height) * 4 + x * 4 / im.width] += im.get(x, y) * 16.0 / (im.width * im.height);
		}
		return f;
	}
}
