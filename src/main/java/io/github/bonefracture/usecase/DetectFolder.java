package io.github.bonefracture.usecase;

import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageInputs;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.options.Settings;
import io.github.bonefracture.report.DetectionReport;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Detect Fracture (Folder): every image below the input (or the one image
 * given), detections.csv and annotated PNGs when an output folder is given,
 * the unreadable and unused files counted and named.
 */
public final class DetectFolder {

	/** What a folder run found. */
	public static final class Result {
		/** Where relative names start. */
		public final Path root;
		/** One per image, in order; unreadable ones carry their error. */
		public final List<Detector.FileResult> files;
		public final int fractures;
		public final int unreadable;
		/** The line naming files that are no images, when there are any. */
		public final Optional<String> notUsed;
		/** The CSV written, when an output folder was given. */
		public final Optional<Path> csv;

		Result(Path root, List<Detector.FileResult> files, Optional<String> notUsed, Optional<Path> csv) {
			this.root = root;
			this.files = files;
			this.fractures = (int) files.stream().filter(r -> r.error == null && r.prediction.label == Label.FRACTURE).count();
			this.unreadable = (int) files.stream().filter(r -> r.error != null).count();
			this.notUsed = notUsed;
			this.csv = csv;
		}

		/** The name a face shows for a file: its path below the input. */
		public String name(Detector.FileResult r) {
			return root.relativize(r.file).toString();
		}

		@Override
		public String toString() {
			return String.format("%d images: %d called Fracture, %d unreadable%s", files.size(), fractures, unreadable,
				csv.map(c -> "; results in " + c).orElse(""));
		}
	}

	private DetectFolder() {}

	/** Loads the model for this run only. */
	public static Result run(Settings s, Progress progress) {
		if (s.output != null) OutputFiles.checkFolder(s.output.toPath(), "output folder");
		try (Detector d = DetectFracture.load(s, progress)) {
			return run(d, s, progress);
		}
	}

	/** With a loaded detector (Fiji keeps one while the model file is unchanged). */
	public static Result run(Detector detector, Settings s, Progress progress) {
		Path output = s.output == null ? null : s.output.toPath();
		if (output != null) OutputFiles.checkFolder(output, "output folder");
		detector.tellPrecision(s.detection, progress);
		detector.tellOnce(progress);
		// The heatmap is only drawn into files: without an output folder it is not computed.
		Detector.Options o = s.detection.copy();
		o.heatmap &= output != null && detector.hasHeatmap();
		ImageInputs inputs = ImageInputs.of(s.input.toPath(), output);
		List<Detector.FileResult> files = detector.detectFiles(inputs, o, progress);
		Optional<Path> csv = Optional.empty();
		if (output != null) {
			DetectionReport.write(files, inputs.root, output, s.model.getName(), o.heatmap, o.maxPixels, progress);
			csv = Optional.of(output.resolve(DetectionReport.CSV));
		}
		Optional<String> notUsed = inputs.notUsedLine();
		notUsed.ifPresent(progress::warn);
		return new Result(inputs.root, files, notUsed, csv);
	}
}
