package io.github.bonefracture.usecase;

import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.ExternalEvaluation;
import io.github.bonefracture.options.Settings;
import io.github.bonefracture.report.KFoldPlots;

import java.nio.file.Path;

/** Evaluate Model: a model on a labelled test set it never saw; the files go to the output folder when one is given. */
public final class EvaluateModel {
	private EvaluateModel() {}

	/** Loads the model for this run only. */
	public static ExternalEvaluation run(Settings s, Progress progress) {
		if (s.output != null) OutputFiles.checkFolder(s.output.toPath(), "output folder");
		try (Detector d = DetectFracture.load(s, progress)) {
			return run(d, s, progress);
		}
	}

	public static ExternalEvaluation run(Detector detector, Settings s, Progress progress) {
		if (s.output != null) OutputFiles.checkFolder(s.output.toPath(), "output folder");
		Detector.Options o = s.detection.copy();
		o.heatmap = false;
		ExternalEvaluation e = ExternalEvaluation.run(s.dataset.toPath(), detector, o, progress);
		if (s.output != null) {
			Path out = s.output.toPath();
			e.write(out, s.model.getName());
			KFoldPlots.savePng(KFoldPlots.reliability(s.model.getName(), e.reliability).getImagePlus(), out.resolve("evaluation-reliability.png"));
			progress.info("Wrote evaluation.json, evaluation-predictions.csv, evaluation-reliability.csv and .png to " + out);
		}
		return e;
	}
}
