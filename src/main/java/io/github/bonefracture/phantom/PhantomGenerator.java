package io.github.bonefracture.phantom;

import io.github.bonefracture.core.OutputFiles;

import io.github.bonefracture.data.Label;
import io.github.bonefracture.preprocess.FloatImage;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.plugin.filter.GaussianBlur;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * Seeded synthetic radiographs of a long bone: soft-tissue shadow, cortex and
 * medullary canal as projections through cylinders, a flared metaphysis,
 * exposure, heel-effect gradient, skin folds, blur and noise; fractures are
 * transverse, oblique or comminuted, some displaced or angulated, some
 * hairline. Exposure and anatomy vary far more than a fracture changes the
 * histogram, so no global statistic tells the classes apart.
 */
public final class PhantomGenerator {

	public enum Pattern { NONE, TRANSVERSE, OBLIQUE, COMMINUTED, HAIRLINE }

	/** One image and how it was made. */
	public static final class Phantom {
		public final FloatImage image;
		public final Label label;
		public final Pattern pattern;
		public final boolean displaced;

		Phantom(FloatImage image, Label label, Pattern pattern, boolean displaced) {
			this.image = image;
			this.label = label;
			this.pattern = pattern;
			this.displaced = displaced;
		}
	}

	private final long seed;
	private final int minSize;
	private final int maxSize;
	private final double fractureScale;

	/** Images of about 300 px (260 to 340 on each side). */
	public PhantomGenerator(long seed) {
		this(seed, 260, 340);
	}

	public PhantomGenerator(long seed, int minSize, int maxSize) {
		this(seed, minSize, maxSize, 1);
	}

	/**
	 * @param fractureScale widens every fracture gap by this factor: above 1
	 *        makes an easy set on which a tiny network learns within seconds (tests)
	 */
	public PhantomGenerator(long seed, int minSize, int maxSize, double fractureScale) {
		if (minSize < 16 || maxSize < minSize) throw new IllegalArgumentException("phantom size range " + minSize + ".." + maxSize);
		if (!(fractureScale > 0)) throw new IllegalArgumentException("fracture scale must be positive");
		this.seed = seed;
		this.minSize = minSize;
		this.maxSize = maxSize;
		this.fractureScale = fractureScale;
	}

	/** The index-th phantom of a class; the same seed, index and label give the same image. */
	public Phantom generate(int index, Label label) {
		Random rng = new Random(seed * 1_000_003L + index * 7919L + label.target() * 104_729L);
		int w = minSize + rng.nextInt(maxSize - minSize + 1);
		int h = minSize + rng.nextInt(maxSize - minSize + 1);
		double s = Math.min(w, h);

		double axis = Math.toRadians(gauss(rng, 0, 14, -35, 35));
		double cx = w * (0.5 + gauss(rng, 0, 0.06, -0.15, 0.15));
		double cy = h * 0.5;
		double radius = s * uniform(rng, 0.065, 0.11);
		double canal = uniform(rng, 0.45, 0.68);
		double tissue = radius * uniform(rng, 2.0, 3.4);
		double flareAt = (rng.nextBoolean() ? 1 : -1) * s * uniform(rng, 0.38, 0.6);
		double flare = uniform(rng, 0.3, 0.9);
		double flareLen = s * uniform(rng, 0.08, 0.16);

		double muTissue = uniform(rng, 0.004, 0.009) * 100 / s;
		double muCortex = uniform(rng, 0.025, 0.045) * 100 / s;
		double muCanal = muCortex * uniform(rng, 0.1, 0.25);
		double background = uniform(rng, 0.02, 0.16);
		double gain = uniform(rng, 0.55, 0.95);
		double gamma = uniform(rng, 0.75, 1.3);
		double heel = gauss(rng, 0, 0.06, -0.15, 0.15);
		double heelAngle = rng.nextDouble() * 2 * Math.PI;

		Fracture fx = label == Label.FRACTURE ? Fracture.random(rng, s, radius, flareAt) : null;
		if (fx != null) fx.gap *= fractureScale;
		List<double[]> folds = new ArrayList<>();
		int nFolds = rng.nextInt(3);
		for (int i = 0; i < nFolds; i++)
			folds.add(new double[] {rng.nextDouble() * w, rng.nextDouble() * h, rng.nextDouble() * Math.PI, uniform(rng, 0.01, 0.04), uniform(rng, 0.8, 2.5)});

		double cosA = Math.cos(axis), sinA = Math.sin(axis);
		float[] px = new float[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double dx = x - cx, dy = y - cy;
				double u = dx * cosA - dy * sinA; // across the bone
				double v = dx * sinA + dy * cosA; // along the bone
				double t = chord(tissue * (1 + 0.08 * Math.sin(v / s * 5)), u);
				double att = muTissue * t;
				double bone;
				if (fx == null) bone = boneAt(u, v, radius, canal, flareAt, flare, flareLen, muCortex, muCanal);
				else bone = fx.boneAt(u, v, (uu, vv) -> boneAt(uu, vv, radius, canal, flareAt, flare, flareLen, muCortex, muCanal));
				att += bone;
				double val = background + gain * (1 - Math.exp(-att));
				val = Math.pow(Math.max(0, val), gamma);
				val *= 1 + heel * ((dx * Math.cos(heelAngle) + dy * Math.sin(heelAngle)) / s);
				for (double[] f : folds) {
					double d = (x - f[0]) * Math.cos(f[2]) + (y - f[1]) * Math.sin(f[2]);
					val += f[3] * Math.exp(-d * d / (2 * f[4] * f[4]));
				}
				px[y * w + x] = (float) val;
			}
		}
		FloatProcessor fp = new FloatProcessor(w, h, px);
		new GaussianBlur().blurGaussian(fp, uniform(rng, 0.5, 1.3) * s / 300, uniform(rng, 0.5, 1.3) * s / 300, 0.002);
		double noise = uniform(rng, 0.008, 0.03);
		for (int i = 0; i < px.length; i++) {
			double q = Math.sqrt(Math.max(px[i], 0.01));
			float v = (float) (px[i] + noise * q * rng.nextGaussian());
			px[i] = v < 0 ? 0 : v > 1 ? 1 : v;
		}
		return new Phantom(new FloatImage(w, h, px), label, fx == null ? Pattern.NONE : fx.pattern, fx != null && fx.displaced);
	}

	interface Geometry {
		double at(double u, double v);
	}

	static double boneAt(double u, double v, double radius, double canal, double flareAt, double flare,
		double flareLen, double muCortex, double muCanal)
	{
		double d = (v - flareAt) / flareLen;
		double r = radius * (1 + flare * Math.exp(-d * d));
		// Past the flare the bone ends in a rounded joint surface.
		double beyond = flareAt > 0 ? v - flareAt : flareAt - v;
		if (beyond > flareLen * 1.2) {
			double e = beyond - flareLen * 1.2;
			r = r * Math.sqrt(Math.max(0, 1 - (e / r) * (e / r)));
		}
		double inner = r * canal;
		double outerChord = chord(r, u), innerChord = chord(inner, u);
		return muCortex * (outerChord - innerChord) + muCanal * innerChord;
	}

	static double chord(double r, double u) {
		double q = r * r - u * u;
		return q > 0 ? 2 * Math.sqrt(q) : 0;
	}

	/** A fracture in the bone's own frame (u across, v along). */
	static final class Fracture {
		Pattern pattern;
		boolean displaced;
		double v0, tilt, gap, depth, shift, angulation;
		final List<double[]> fragments = new ArrayList<>();

		static Fracture random(Random rng, double s, double radius, double flareAt) {
			Fracture f = new Fracture();
			double p = rng.nextDouble();
			f.pattern = p < 0.3 ? Pattern.TRANSVERSE : p < 0.6 ? Pattern.OBLIQUE : p < 0.85 ? Pattern.COMMINUTED : Pattern.HAIRLINE;
			f.v0 = -flareAt * uniform(rng, -0.2, 0.55);
			f.tilt = Math.toRadians(f.pattern == Pattern.OBLIQUE ? uniform(rng, 25, 55) * (rng.nextBoolean() ? 1 : -1) : gauss(rng, 0, 8, -15, 15));
			// Gaps scale with the bone, so small phantoms still show their fractures.
			if (f.pattern == Pattern.HAIRLINE) {
				f.gap = radius * uniform(rng, 0.05, 0.09);
				f.depth = uniform(rng, 0.5, 0.8);
			} else {
				f.gap = radius * uniform(rng, 0.14, 0.32);
				f.depth = uniform(rng, 0.8, 1.0);
				f.displaced = rng.nextDouble() < 0.6;
				if (f.displaced) {
					f.shift = radius * uniform(rng, 0.25, 0.8) * (rng.nextBoolean() ? 1 : -1);
					f.angulation = Math.toRadians(uniform(rng, 4, 18) * (rng.nextBoolean() ? 1 : -1));
				}
			}
			if (f.pattern == Pattern.COMMINUTED) {
				int n = 2 + rng.nextInt(3);
				for (int i = 0; i < n; i++)
					f.fragments.add(new double[] {uniform(rng, -1, 1) * radius, f.v0 + uniform(rng, -1.5, 1.5) * radius,
						rng.nextDouble() * Math.PI, uniform(rng, 0.4, 1.2) * radius});
			}
			return f;
		}

		double boneAt(double u, double v, Geometry g) {
			double c = Math.cos(tilt), sn = Math.sin(tilt);
			double side = (v - v0) * c - u * sn;
			double uu = u, vv = v;
			if (side > 0 && displaced) {
				// The distal fragment turns about the fracture point and slides sideways.
				double du = u - shift, dv = v - v0;
				double ca = Math.cos(angulation), sa = Math.sin(angulation);
				uu = du * ca - dv * sa;
				vv = v0 + du * sa + dv * ca;
			}
			double bone = g.at(uu, vv);
			double factor = 1;
			if (Math.abs(side) < gap / 2) factor = 1 - depth;
			for (double[] fr : fragments) {
				double fc = Math.cos(fr[2]), fs = Math.sin(fr[2]);
				double along = (u - fr[0]) * fc + (v - fr[1]) * fs;
				double across = -(u - fr[0]) * fs + (v - fr[1]) * fc;
				if (Math.abs(along) < fr[3] / 2 && Math.abs(across) < gap / 2) factor = Math.min(factor, 1 - depth * 0.9);
			}
			return bone * factor;
		}
	}

	static double uniform(Random rng, double lo, double hi) {
		return lo + (hi - lo) * rng.nextDouble();
	}

	static double gauss(Random rng, double mean, double sd, double lo, double hi) {
		return Math.max(lo, Math.min(hi, mean + sd * rng.nextGaussian()));
	}

	/** 16-bit "raw detector" values with an offset, to exercise windowing. */
	public static ShortProcessor to16bit(FloatImage img) {
		short[] p = new short[img.data.length];
		for (int i = 0; i < p.length; i++) p[i] = (short) Math.round(1200 + Math.max(0, Math.min(1, img.data[i])) * 38000);
		return new ShortProcessor(img.width, img.height, p, null);
	}

	/**
	 * Writes perClass 8-bit PNGs per class into dir/Fracture and dir/Normal,
	 * and tiffPerClass of them again as 16-bit TIFFs. Byte for byte
	 * reproducible for the same arguments.
	 */
	public List<Path> writeSet(Path dir, int perClass, int tiffPerClass) {
		List<Path> written = new ArrayList<>();
		try {
			for (Label label : new Label[] {Label.FRACTURE, Label.NORMAL}) {
				Path classDir = dir.resolve(label.displayName());
				Files.createDirectories(classDir);
				String prefix = label.displayName().toLowerCase();
				for (int i = 0; i < perClass; i++) {
					Phantom ph = generate(i, label);
					Path png = classDir.resolve(String.format("%s_%03d.png", prefix, i));
					BufferedImage bi = ph.image.to8bit().getBufferedImage();
					OutputFiles.write(png, tmp -> {
						if (!ImageIO.write(bi, "png", tmp.toFile())) throw new IOException("no PNG writer");
					});
					written.add(png);
				}
				for (int i = perClass; i < perClass + tiffPerClass; i++) {
					Phantom ph = generate(i, label);
					Path tif = classDir.resolve(String.format("%s_%03d_16bit.tif", prefix, i));
					ImagePlus imp = new ImagePlus(tif.getFileName().toString(), to16bit(ph.image));
					OutputFiles.write(tif, tmp -> {
						if (!new FileSaver(imp).saveAsTiff(tmp.toString())) throw new IOException("could not write " + tif);
					});
					written.add(tif);
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Writing phantoms to " + dir + ": " + e.getMessage(), e);
		}
		return written;
	}
}
