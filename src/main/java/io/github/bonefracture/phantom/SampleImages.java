package io.github.bonefracture.phantom;

/** The settings that made the committed sample-images/ set (`phantoms -o sample-images`). */
public final class SampleImages {
	public static final long SEED = 42;
	public static final int PER_CLASS = 30;
	public static final int TIFF_PER_CLASS = 3;

	private SampleImages() {}
}
