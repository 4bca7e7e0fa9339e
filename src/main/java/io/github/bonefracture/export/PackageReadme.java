package io.github.bonefracture.export;

import io.github.bonefracture.engine.ModelMetadata;
import io.github.bonefracture.preprocess.Preprocessing;

import java.util.Locale;

/** README.md of a package: the input contract the spec's operations cannot state, the outputs, how it was made. */
final class PackageReadme {
	private PackageReadme() {}

	static String text(ModelMetadata meta, ExportOptions o, int[] camSize) {
		Preprocessing pre = meta.preprocessing;
		StringBuilder s = new StringBuilder();
		s.append("# Bone fracture classifier (").append(meta.architecture.id()).append(")\n\n");
		s.append("Trained with Bone Fracture Detection for Fiji and exported with its Export Model command.\n")
			.append("It answers one question for a whole x-ray: P(").append(meta.positiveClass).append(")")
			.append(meta.calibrated() ? ", calibrated inside the graph (" + meta.calibration + ")" : ", the network's own, not calibrated: calibration "
				+ (meta.calibration == null ? "none" : meta.calibration)).append(".\n\n");
		s.append("## Input\n\n");
		s.append(String.format(Locale.ROOT, "`input`: float32, 1 x 1 x height x width: the whole x-ray as it comes, one grey channel of raw pixel values "
			+ "(8-bit, 16-bit or float), each side at least %d x %d pixels (width x height), at most 50 million pixels in all "
			+ "(JDLL cuts larger images into tiles). Give it the whole image: no tiling. "
			+ "The graph does what the plugin does before its network:%n%n", pre.width(), pre.height()));
		s.append(String.format(Locale.ROOT, "1. Windows the values between the %.1fth and %.1fth percentiles of the image (of every step-th pixel, "
			+ "step = max(1, pixels / 1000000)) to [0, 1], clipping outside; a flat image between its minimum and maximum.%n",
			pre.windowLowPercentile(), pre.windowHighPercentile()));
		s.append(String.format(Locale.ROOT, "2. Resizes the whole image to %d x %d as ImageJ does when shrinking with averaging "
			+ "(bilinear kernel: each output pixel a tent-weighted mean of the source pixels within one output pixel of it).%n", pre.width(), pre.height()));
		s.append("3. ").append(pre.channels() == 3 ? "Repeats the grey channel three times, then s" : "S")
			.append("ubtracts the mean and divides by the standard deviation per channel (").append(java.util.Arrays.toString(pre.mean())).append(", ")
			.append(java.util.Arrays.toString(pre.std())).append("); rdf.yaml therefore declares no preprocessing.\n\n");
		s.append("Left to you, as the plugin does them before these steps: grey values (RGB through luminance, 0.299 R + 0.587 G + 0.114 B); ")
			.append("bone bright (invert DICOM MONOCHROME1 images or those with an inverting lookup table); no NaN values. ")
			.append("`test_input.npy` is a synthetic radiograph as 8-bit values at its own size.\n\n");
		s.append("## Outputs\n\n");
		s.append(String.format(Locale.ROOT, "- `p_fracture`: batch x 1, P(%s), calibration %s. The model's decision threshold is %.4f%s (%s): %s at or above it, else %s.%n",
			meta.positiveClass, meta.calibration == null ? "none" : meta.calibration, meta.threshold,
			meta.thresholdInterval95 == null ? "" : String.format(Locale.ROOT, ", 95%% bootstrap interval %.4f to %.4f", meta.thresholdInterval95[0], meta.thresholdInterval95[1]),
			meta.thresholdRule == null ? "fixed" : meta.thresholdRule, meta.positiveClass, meta.classes.get(0)));
		if (camSize != null) {
			s.append(String.format(Locale.ROOT, "- `cam`: batch x 1 x %d x %d, the class-activation map in logits: its mean is the network's logit "
				+ "(before calibration); the sigmoid of each value is P(%s) for that place. Resize it to the image to see where the evidence lies.%n",
				camSize[0], camSize[1], meta.positiveClass));
		}
		if (meta.inDistribution != null && meta.featureLayer != null) {
			s.append(String.format(Locale.ROOT, "- `training_data_distance`: batch x 1, how far the image lies from the training images in the network's "
				+ "feature space. Above %.4f (the %.0fth percentile of held-out training images) the image is unlike the training data "
				+ "(another body part, an inverted or turned image, not an x-ray): report \"outside training data\", not the label.%n",
				meta.inDistribution.cutoff, meta.inDistribution.cutoffPercentile));
		}
		s.append("\n## Validation\n\n");
		if (meta.validation != null && !meta.validation.isEmpty()) {
			s.append("On the images held out while training" + (meta.decisionLearnedOn == null ? "" : " (" + meta.decisionLearnedOn + ")") + ":\n\n");
			// Counts as counts, figures to four decimals.
			meta.validation.forEach((k, v) -> s.append(v == Math.rint(v) && Math.abs(v) > 1 ? String.format(Locale.ROOT, "- %s: %d%n", k, v.longValue())
				: String.format(Locale.ROOT, "- %s: %.4f%n", k, v)));
			s.append('\n');
		}
		s.append("Validate on images of your own site before use: the plugin's Evaluate Model command (or `bone-fracture-detection evaluate`) ")
			.append("reports the AUC with its interval, sensitivity and specificity at the threshold, and calibration on a labelled folder.\n\n");
		s.append("## Not in the specification's fields\n\n");
		s.append("rdf.yaml's `config.bone_fracture_detection` holds the whole metadata of the model file (threshold rule, calibration, ")
			.append("training settings, dataset summary, validation and k-fold figures). `").append(BioImageIoPackage.MODEL_FILE)
			.append("` is the model file itself: Fiji's Bone Fracture Detection commands open it directly.\n\n");
		s.append("This is a research tool, not a medical device.\n");
		return s.toString();
	}
}
