package io.github.bonefracture.usecase;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.options.Settings;
import io.github.bonefracture.prediction.Prediction;

import ij.ImagePlus;

/** Detect Fracture: one image's answer; the face draws it. */
public final class DetectFracture {
	private DetectFracture() {}

	/** The settings' model on the settings' backend, for faces that keep it across images (Fiji's detector service). */
	public static Detector load(Settings s, Progress progress) {
		return Detector.load(s.model.toPath(), RunStart.backend(s, progress));
	}

	/** The answer for one image with a loaded detector; says first why bfloat16, int8 or the heatmap do not take effect. */
	public static Prediction run(ImagePlus image, Detector detector, Settings s, Progress progress) {
		detector.tellPrecision(s.detection, progress);
		detector.tellOnce(progress);
		if (s.detection.heatmap && !detector.hasHeatmap())
			progress.warn("This model (" + detector.metadata().architecture.id() + ") has no heatmap: only the label is drawn");
		Prediction p = detector.detect(image, s.detection);
		progress.info(String.format("%s: %s", image.getTitle(), p));
		return p;
	}

	/** The answer for one image, loading the model for this call only (plain ImageJ has no place to keep it). */
	public static Prediction run(ImagePlus image, Settings s, Progress progress) {
		try (Detector d = load(s, progress)) {
			return run(image, d, s, progress);
		}
	}
}
