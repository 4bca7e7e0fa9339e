package io.github.bonefracture.usecase;

import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.engine.ModelTraining;
import io.github.bonefracture.options.Settings;
import io.github.bonefracture.report.TrainingCurves;

/** Train Model: a model file from a dataset folder, with its curves saved when an output folder is given. */
public final class TrainModel {
	private TrainModel() {}

	/** Trains and saves; the curves plot on a screen when onScreen, and go to the output folder when one is given. */
	public static ModelFile run(Settings s, boolean onScreen, Progress progress) {
		OutputFiles.checkFile(s.model.toPath(), "model file");
		if (s.output != null) OutputFiles.checkFolder(s.output.toPath(), "output folder");
		TrainingCurves curves = new TrainingCurves(onScreen, s.model.getName());
		ModelFile m = new ModelTraining(s.training, RunStart.backend(s, progress), progress, curves).run(s.dataset.toPath(), s.model.toPath());
		if (s.output != null) {
			curves.save(s.output.toPath());
			progress.info("Wrote " + s.output.toPath().resolve(TrainingCurves.HISTORY) + " and " + TrainingCurves.PLOT);
		}
		return m;
	}
}
