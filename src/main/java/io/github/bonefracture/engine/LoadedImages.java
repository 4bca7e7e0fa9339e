package io.github.bonefracture.engine;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.data.Sample;
import io.github.bonefracture.data.UnreadableImageException;
import io.github.bonefracture.preprocess.Augmentation;
import io.github.bonefracture.preprocess.FloatImage;
import io.github.bonefracture.preprocess.Preprocessing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A dataset decoded once into grey [0, 1] at the model's input size, so that
 * epochs and folds never read or resize a file again; batches are augmented
 * and normalised from here.
 */
public final class LoadedImages implements Examples {

	private final List<Sample> samples;
	private final List<FloatImage> images;
	private final Preprocessing preprocessing;

	private LoadedImages(List<Sample> samples, List<FloatImage> images, Preprocessing preprocessing) {
		this.samples = samples;
		this.images = images;
		this.preprocessing = preprocessing;
	}

	/** Decodes every sample; a file that fails now is reported and left out. */
	public static LoadedImages load(List<Sample> samples, Preprocessing pre, Progress progress) {
		return load(samples, pre, ImageLoader.DEFAULT_MAX_PIXELS, progress);
	}

	/** The same, refusing images that declare more than maxPixels. */
	public static LoadedImages load(List<Sample> samples, Preprocessing pre, long maxPixels, Progress progress) {
		List<Sample> kept = new ArrayList<>();
		List<FloatImage> imgs = new ArrayList<>();
		int i = 0;
		for (Sample s : samples) {
			progress.checkCanceled();
			progress.progress("Loading images", ++i, samples.size());
			try {
				imgs.add(pre.toUnitGrey(ImageLoader.load(s.path(), maxPixels), 1));
				kept.add(s);
			} catch (UnreadableImageException e) {
				progress.warn("Skipped " + e.getMessage());
			} catch (RuntimeException e) {
				progress.warn("Skipped " + s.path() + ": " + e.getMessage());
			}
		}
		return new LoadedImages(Collections.unmodifiableList(kept), Collections.unmodifiableList(imgs), pre);
	}

	@Override
	public int size() {
		return samples.size();
	}

	public List<Sample> samples() {
		return samples;
	}

	/** Each sample's group (its patient; the file itself when there is none), for splits that keep groups whole. */
	public String[] groups() {
		return samples.stream().map(Sample::group).toArray(String[]::new);
	}

	public Preprocessing preprocessing() {
		return preprocessing;
	}

	@Override
	public int target(int i) {
		return samples.get(i).label().target();
	}

	public LoadedImages subset(int[] idx) {
		List<Sample> s = new ArrayList<>();
		List<FloatImage> im = new ArrayList<>();
		for (int i : idx) {
			s.add(samples.get(i));
			im.add(images.get(i));
		}
		return new LoadedImages(Collections.unmodifiableList(s), Collections.unmodifiableList(im), preprocessing);
	}

	/** These images and more (already at this preprocessing's size), e.g. synthetic ones for training. */
	LoadedImages plus(List<Sample> moreSamples, List<FloatImage> moreImages) {
		List<Sample> s = new ArrayList<>(samples);
		List<FloatImage> im = new ArrayList<>(images);
		s.addAll(moreSamples);
		im.addAll(moreImages);
		return new LoadedImages(Collections.unmodifiableList(s), Collections.unmodifiableList(im), preprocessing);
	}

	FloatImage image(int i) {
		return images.get(i);
	}

	/** Features [n, c, h, w] of the given samples, augmented when rng is not null. */
	@Override
	public Batch batch(int[] idx, Augmentation aug, Random rng) {
		int c = preprocessing.channels(), h = preprocessing.height(), w = preprocessing.width();
		float[] buf = new float[idx.length * c * h * w];
		for (int k = 0; k < idx.length; k++) {
			FloatImage img = images.get(idx[k]);
			if (aug != null && rng != null && !aug.isIdentity()) img = aug.apply(img, rng);
			float[] t = preprocessing.normalise(img);
			System.arraycopy(t, 0, buf, k * t.length, t.length);
		}
		return new Batch(buf, idx.length, c, h, w);
	}
}
