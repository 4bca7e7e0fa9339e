package io.github.bonefracture.usecase;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Dataset;
import io.github.bonefracture.data.DatasetScanner;

import java.nio.file.Path;

/** What a dataset folder holds as training reads it: images per class, ignored files, unreadable files with the reason. */
public final class InspectDataset {
	private InspectDataset() {}

	/** The summary text; studyType keeps one MURA study type (null: all). */
	public static String run(Path folder, String studyType, long maxPixels, Progress progress) {
		Dataset ds = new DatasetScanner(studyType, true, maxPixels).scan(folder, progress);
		return ds.summary();
	}
}
