package io.github.bonefracture.bench;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.phantom.PhantomGenerator;
import io.github.bonefracture.prediction.Prediction;
import io.github.bonefracture.preprocess.FloatImage;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * How often a model flags images unlike its training data, family by
 * family: phantoms of a seed no model here was trained on (in distribution:
 * few should be flagged), the same x-rays inverted or turned a quarter, and
 * images that are no long-bone x-ray at all (a flat page, noise, a gradient,
 * rendered text, a photo-like texture, a chest-like film). Every image is
 * made here from fixed seeds, so the figures repeat.
 */
final class UnlikeTrainingData {
	private UnlikeTrainingData() {}

	static final int PER_FAMILY = 60;

	static void run(Path model, Backend backend) {
		try (Detector d = Detector.load(model, backend)) {
			Detector.Options o = new Detector.Options();
			o.heatmap = false;
			if (d.metadata().inDistribution == null) throw new io.github.bonefracture.core.InvalidInputException(model + " carries no description of its training data: train it with this version");
			System.out.printf(Locale.ROOT, "%s: cut-off %.3f (the %.0fth percentile of %d held-out images), error rate %.2f%n", model,
				d.metadata().inDistribution.cutoff, d.metadata().inDistribution.cutoffPercentile, d.metadata().inDistribution.heldOutImages, o.alpha);
			System.out.println("| images | n | flagged outside training data | uncertain | mean P(fracture) |");
			System.out.println("|---|---|---|---|---|");
			for (Map.Entry<String, IntFunction<ImagePlus>> f : families().entrySet()) {
				int flagged = 0, uncertain = 0;
				double sumP = 0;
				for (int i = 0; i < PER_FAMILY; i++) {
					Prediction p = d.detect(f.getValue().apply(i), o);
					if (p.outsideTrainingData) flagged++;
					else if (p.answer().equals(Prediction.UNCERTAIN)) uncertain++;
					sumP += p.probability;
				}
				System.out.printf(Locale.ROOT, "| %s | %d | %.0f%% | %.0f%% | %.2f |%n", f.getKey(), PER_FAMILY, 100.0 * flagged / PER_FAMILY,
					100.0 * uncertain / PER_FAMILY, sumP / PER_FAMILY);
			}
		}
	}

	/** Each family's i-th image. */
	static Map<String, IntFunction<ImagePlus>> families() {
		PhantomGenerator held = new PhantomGenerator(777, 260, 340);
		IntFunction<FloatImage> xray = i -> held.generate(i, i % 2 == 0 ? Label.FRACTURE : Label.NORMAL).image;
		Map<String, IntFunction<ImagePlus>> m = new LinkedHashMap<>();
		m.put("held-out phantoms (in distribution)", i -> image("x", xray.apply(i).toProcessor()));
		m.put("the same, inverted", i -> {
			FloatProcessor fp = xray.apply(i).toProcessor();
			fp.invert();
			return image("inverted", fp);
		});
		m.put("the same, turned 90 degrees", i -> image("rotated", xray.apply(i).toProcessor().rotateRight()));
		m.put("flat grey page", i -> {
			ByteProcessor bp = new ByteProcessor(300, 300);
			bp.setValue(20 + (i * 37) % 216);
			bp.fill();
			return image("uniform", bp);
		});
		m.put("noise", i -> {
			Random r = new Random(1000 + i);
			FloatProcessor fp = new FloatProcessor(300, 300);
			for (int k = 0; k < 300 * 300; k++) fp.setf(k, (float) r.nextGaussian());
			return image("noise", fp);
		});
		m.put("gradient", i -> {
			FloatProcessor fp = new FloatProcessor(300, 300);
			double a = i * 0.37;
			for (int y = 0; y < 300; y++) for (int x = 0; x < 300; x++) fp.setf(x, y, (float) (Math.cos(a) * x + Math.sin(a) * y));
			return image("gradient", fp);
		});
		m.put("page of text", i -> {
			ColorProcessor cp = new ColorProcessor(320, 300);
			cp.setColor(Color.WHITE);
			cp.fill();
			cp.setColor(Color.BLACK);
			cp.setFont(new Font("SansSerif", Font.PLAIN, 12 + i % 6));
			Random r = new Random(2000 + i);
			for (int line = 0; line < 14; line++) {
				StringBuilder s = new StringBuilder();
				for (int w = 0; w < 7; w++) s.append("lorem ipsum dolor sit amet ".split(" ")[r.nextInt(5)]).append(' ');
				cp.drawString(s.toString(), 10, 24 + line * 20);
			}
			return image("text", cp);
		});
		m.put("photo-like texture", i -> {
			Random r = new Random(3000 + i);
			ColorProcessor cp = new ColorProcessor(300, 300);
			double[][] waves = new double[12][4];
			for (double[] w : waves) for (int k = 0; k < 4; k++) w[k] = r.nextDouble();
			for (int y = 0; y < 300; y++) for (int x = 0; x < 300; x++) {
				double[] c = new double[3];
				for (int k = 0; k < waves.length; k++) {
					double[] w = waves[k];
					c[k % 3] += Math.sin(x * w[0] * 0.2 + y * w[1] * 0.2 + w[2] * 6) * w[3];
				}
				int rgb = 0;
				for (int ch = 0; ch < 3; ch++) rgb = (rgb << 8) | (int) Math.max(0, Math.min(255, 128 + 50 * c[ch]));
				cp.set(x, y, rgb);
			}
			return image("texture", cp);
		});
		m.put("chest-like film", i -> image("chest", chest(new Random(4000 + i))));
		return m;
	}

	/** Two dark lungs, a bright spine and mediastinum, curved ribs across: the view a long-bone model never saw. */
	static ImageProcessor chest(Random r) {
		int w = 300, h = 300;
		FloatProcessor fp = new FloatProcessor(w, h);
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			double lx = Math.abs(x - w / 2.0) - 70, ly = y - 150;
			boolean lung = (lx * lx) / (55.0 * 55) + (ly * ly) / (110.0 * 110) < 1;
			double v = lung ? 0.2 : 0.6;
			if (Math.abs(x - w / 2.0) < 14) v = 0.9;
			for (int rib = 0; rib < 9; rib++) {
				double cy = 50 + rib * 24 + 10 * Math.pow(Math.abs(x - w / 2.0) / 120, 2) * 3;
				if (Math.abs(y - cy) < 4 && Math.abs(x - w / 2.0) < 130) v = Math.max(v, 0.75);
			}
			fp.setf(x, y, (float) (v + 0.03 * r.nextGaussian()));
		}
		return fp;
	}

	private static ImagePlus image(String title, ImageProcessor ip) {
		return new ImagePlus(title, ip);
	}

	/** The families' names, for the README's table. */
	static List<String> names() {
		return new ArrayList<>(families().keySet());
	}
}
