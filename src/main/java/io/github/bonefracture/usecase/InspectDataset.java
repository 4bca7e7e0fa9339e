package io.github.bonefracture.usecase;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Dataset;
import io.github.bonefracture.data.DatasetScanner;
import io.github.bonefracture.data.ImageLoader;

import java.nio.file.Path;

/** What a dataset folder holds as training reads it: images per class, ignored files, unreadable files with the reason. */
public final class InspectDataset {
	private InspectDataset() {}

	/** The summary text; studyType keeps one MURA study type (null: all); larger images are reported unreadable without being decoded. */
	public static String run(Path folder, String studyType, double maxMegapixels, Progress progress) {
		Dataset ds = new DatasetScanner(studyType, true, ImageLoader.pixels(maxMegapixels)).scan(folder, progress);
		return ds.summary();
	}
}
