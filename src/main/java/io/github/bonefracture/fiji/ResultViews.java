package io.github.bonefracture.fiji;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.ExternalEvaluation;
import io.github.bonefracture.engine.KFoldResult;
import io.github.bonefracture.engine.Metrics;
import io.github.bonefracture.options.Settings;
import io.github.bonefracture.prediction.Prediction;
import io.github.bonefracture.render.ResultOverlay;
import io.github.bonefracture.report.KFoldPlots;
import io.github.bonefracture.usecase.DetectFolder;
import io.github.bonefracture.usecase.DetectFracture;
import io.github.bonefracture.usecase.EvaluateModel;
import io.github.bonefracture.usecase.GenerateSyntheticXrays;
import io.github.bonefracture.usecase.KFoldEvaluate;
import io.github.bonefracture.usecase.TrainModel;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.List;

/**
 * What the Fiji commands and the plain ImageJ 1.x entry point show of each
 * use case's result, written once: overlays, ImageJ tables and plots on a
 * screen, the same tables saved when given a folder.
 */
final class ResultViews {

	/** Every row goes to ImageJ's own Results table, on a screen and headless alike, so a macro's getResult reads it. */
	static final String TABLE = "Results";

	private ResultViews() {}

	static boolean headless() {
		return GraphicsEnvironment.isHeadless();
	}

	/** Generate Synthetic X-rays: the stack on a screen, the PNGs in the output folder when one is given (headless needs one). */
	static void generate(Settings s, Progress progress) {
		if (s.output == null && headless())
			throw new InvalidInputException("Generate Synthetic X-rays has nowhere to put the images when headless: give an output folder (output_folder)");
		if (s.output != null) GenerateSyntheticXrays.write(s, progress);
		if (headless()) return;
		ij.ImagePlus imp = GenerateSyntheticXrays.stack(s);
		imp.show();
		// Generated images are 16 to 128 px: shown at 100% they are stamps. Zoom by a power of two to about 256 px.
		int side = Math.max(imp.getWidth(), imp.getHeight());
		int zoom = side >= 256 ? 100 : Math.min(800, Integer.highestOneBit(Math.max(1, 256 / side)) * 100);
		if (zoom > 100) ij.IJ.run(imp, "Set... ", "zoom=" + zoom);
	}

	/** Detect on one image: the answer drawn on it and a table row. */
	static Prediction detect(ImagePlus image, Detector d, Settings s, Progress progress) {
		Prediction p = DetectFracture.run(image, d, s, progress);
		ResultOverlay.apply(image, p, s.detection.heatmap);
		addRow(image.getTitle(), p, s.model);
		ModelFolder.rememberLastModel(s.model);
		return p;
	}

	private static void addRow(String image, Prediction p, File model) {
		ResultsTable rt = ResultsTable.getResultsTable();
		rt.incrementCounter();
		rt.addValue("Image", image);
		rt.addValue("P(fracture)", p.probability);
		rt.addValue("Label", p.label.displayName());
		rt.addValue("Threshold", p.threshold);
		rt.addValue("Answer", p.answer());
		rt.addValue("Prediction set", p.predictionSetText());
		rt.addValue("Distance to training data", p.distributionScore);
		rt.addValue("Model", model.getName());
		if (!headless()) rt.show(TABLE);
	}

	/** A folder run: a row per image in the Results table, each unreadable file named in the log. */
	static DetectFolder.Result detectFolder(Detector d, Settings s, Progress progress) {
		DetectFolder.Result r = DetectFolder.run(d, s, progress);
		for (Detector.FileResult x : r.files) {
			if (x.error != null) progress.warn("Skipped " + x.file + ": " + x.error);
			else addRow(r.name(x), x.prediction, s.model);
		}
		progress.info(r.toString());
		ModelFolder.rememberLastModel(s.model);
		return r;
	}

	/** Trains, plotting curves as it goes on a screen. */
	static void train(Settings s, Progress progress) {
		ModelFolder.defaultCache(s.training);
		TrainModel.run(s, !headless(), progress);
		ModelFolder.rememberLastModel(s.model);
	}

	/** K-fold with a per-fold table and the pooled ROC and reliability plots on a screen; the tables saved with an output folder. */
	static List<KFoldResult> kfold(Settings s, Progress progress) {
		ModelFolder.defaultCache(s.training);
		List<KFoldResult> results = KFoldEvaluate.run(s, progress);
		for (KFoldResult r : results) {
			String suffix = results.size() > 1 ? " (" + KFoldPlots.name(r, results) + ")" : "";
			ResultsTable folds = foldTable(r);
			if (!headless()) {
				folds.show("K-fold results" + suffix);
				KFoldPlots.roc(r).show();
				KFoldPlots.reliability(r).show();
			}
			if (s.output != null) saveTable(folds, new File(s.output, "kfold-table" + (results.size() > 1 ? "-" + KFoldPlots.name(r, results) : "") + ".csv"));
		}
		return results;
	}

	/** A model on a labelled test set: the reliability plot on a screen. */
	static ExternalEvaluation evaluate(Detector d, Settings s, Progress progress) {
		ExternalEvaluation e = EvaluateModel.run(d, s, progress);
		if (!headless()) KFoldPlots.reliabilityWithLegend(s.model.getName(), e.reliability).show();
		ModelFolder.rememberLastModel(s.model);
		return e;
	}

	/** A table as CSV, whole or not at all (ImageJ picks the delimiter from the name's extension, which the temporary keeps). */
	static void saveTable(ResultsTable t, File file) {
		OutputFiles.write(file.toPath(), tmp -> t.saveAs(tmp.toString()));
	}

	static ResultsTable foldTable(KFoldResult r) {
		ResultsTable t = new ResultsTable();
		for (int f = 0; f < r.folds.size(); f++) {
			t.incrementCounter();
			t.addValue("fold", String.valueOf(f + 1));
			r.folds.get(f).fields().forEach((k, v) -> t.addValue(k, v.doubleValue()));
		}
		String[] labels = {"mean", "sd (n-1)"};
		List<String> rates = List.of("loss", "accuracy", "auc", "sensitivity", "specificity");
		for (int row = 0; row < 2; row++) {
			t.incrementCounter();
			t.addValue("fold", labels[row]);
			for (String key : r.folds.get(0).fields().keySet()) {
				// Counts (images, TP, FP, ...) have no meaningful mean row here: left empty, not 0.
				if (rates.contains(key)) t.addValue(key, Metrics.meanStd(r.folds.stream().mapToDouble(m -> m.fields().get(key).doubleValue()).toArray())[row]);
				else t.addValue(key, "");
			}
		}
		return t;
	}
}
