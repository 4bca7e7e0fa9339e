package io.github.bonefracture.fiji;

import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.engine.DetectionReport;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.KFoldEvaluator;
import io.github.bonefracture.engine.Metrics;
import io.github.bonefracture.engine.Prediction;
import io.github.bonefracture.engine.Trainer;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.engine.TrainingJob;
import io.github.bonefracture.nets.NativeRuntime;
import io.github.bonefracture.render.ResultOverlay;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the Fiji commands and the plain ImageJ 1.x entry point do, written
 * once: the core's results turned into overlays, ImageJ tables and plots,
 * shown on a screen and saved when given a folder.
 */
final class Jobs {

	static final String DETECT_TABLE = "Bone Fracture Detection";

	private Jobs() {}

	static boolean headless() {
		return GraphicsEnvironment.isHeadless();
	}

	/** Detect on one image: overlay, a table row, the prediction. */
	static Prediction detect(ImagePlus image, File model, Detector d, Detector.Options o, Progress progress) {
		NativeRuntime.report(progress);
		bf16Note(d, o, progress);
		Prediction p = d.detect(image, o);
		ResultOverlay.apply(image, p, o.heatmap);
		progress.info(String.format("%s: %s", image.getTitle(), p));
		// On a screen the plugin's own table; headless, ImageJ's Results table, which getResult() reads.
		ResultsTable rt = headless() ? ResultsTable.getResultsTable() : ResultsTable.getResultsTable(DETECT_TABLE);
		if (rt == null) rt = new ResultsTable();
		rt.incrementCounter();
		rt.addValue("Image", image.getTitle());
		rt.addValue("P(fracture)", p.probability);
		rt.addValue("Label", p.label.displayName());
		rt.addValue("Threshold", p.threshold);
		rt.addValue("Model", model.getName());
		if (!headless()) rt.show(DETECT_TABLE);
		ModelFolder.rememberLastModel(model);
		return p;
	}

	/** Says so when bfloat16 was asked for and float runs instead. */
	static void bf16Note(Detector d, Detector.Options o, Progress progress) {
		String why = d.bf16Refusal(o);
		if (why != null) progress.warn(why);
	}

	/** Counts of a folder run: images, called Fracture, unreadable. */
	static int[] detectFolder(File input, File model, Detector d, File output, Detector.Options o, Progress progress) {
		NativeRuntime.report(progress);
		bf16Note(d, o, progress);
		OutputFiles.checkFolder(output.toPath(), "output folder");
		DetectionReport.Inputs inputs = DetectionReport.inputs(input.toPath());
		List<Detector.FileResult> r = d.detectFiles(inputs, o, progress);
		DetectionReport.write(r, inputs.root, output.toPath(), model.getName(), o.heatmap, o.maxPixels, progress);
		int failed = 0, fractures = 0;
		for (Detector.FileResult x : r) {
			if (x.error != null) {
				failed++;
				progress.warn("Skipped " + x.file + ": " + x.error);
			} else if (x.prediction.label == Label.FRACTURE) {
				fractures++;
			}
		}
		progress.info(String.format("%d images: %d called Fracture, %d unreadable; results in %s", r.size(), fractures, failed,
			new File(output, DetectionReport.CSV)));
		ModelFolder.rememberLastModel(model);
		return new int[] {r.size(), fractures, failed};
	}

	/** Trains, plotting curves as it goes; with an output folder the history and the plot are saved there. */
	static void train(TrainingConfig c, File dataset, File model, File output, Progress progress) {
		NativeRuntime.report(progress);
		OutputFiles.checkFile(model.toPath(), "model file");
		if (output != null) OutputFiles.checkFolder(output.toPath(), "output folder");
		Curves curves = new Curves();
		new TrainingJob(c, progress, curves).run(dataset.toPath(), model.toPath());
		ModelFolder.rememberLastModel(model);
		if (output != null) {
			saveTable(curves.table(), new File(output, "training-history.csv"));
			savePng(curves.plot().getImagePlus(), new File(output, "training-curves.png"));
		}
	}

	/** K-fold with a per-fold table, a summary and the pooled ROC curve; saved with an output folder. */
	static KFoldEvaluator.Result kfold(TrainingConfig c, File dataset, int k, long foldSeed, File output, Progress progress) {
		NativeRuntime.report(progress);
		if (output != null) OutputFiles.checkFolder(output.toPath(), "output folder");
		KFoldEvaluator.Result r = new KFoldEvaluator(k, foldSeed, progress)
			.run(dataset.toPath(), List.of(c), output == null ? null : output.toPath()).get(0);
		progress.info(r.report());
		ResultsTable folds = foldTable(r);
		Plot roc = rocPlot(r);
		if (!headless()) {
			folds.show("K-fold results");
			roc.show();
		}
		if (output != null) {
			saveTable(folds, new File(output, "kfold-table.csv"));
			savePng(roc.getImagePlus(), new File(output, "roc.png"));
		}
		return r;
	}

	/** A table as CSV, whole or not at all (ImageJ picks the delimiter from the name's extension, which the temporary keeps). */
	static void saveTable(ResultsTable t, File file) {
		OutputFiles.write(file.toPath(), tmp -> t.saveAs(tmp.toString()));
	}

	/** An image as PNG, whole or not at all; ImageIO reports every write error, where FileSaver shows a dialog. */
	static void savePng(ImagePlus imp, File file) {
		OutputFiles.write(file.toPath(), tmp -> {
			if (!javax.imageio.ImageIO.write(imp.getBufferedImage(), "png", tmp.toFile())) throw new java.io.IOException("no PNG encoder");
		});
	}

	static ResultsTable foldTable(KFoldEvaluator.Result r) {
		ResultsTable t = new ResultsTable();
		for (int f = 0; f < r.folds.size(); f++) {
			t.incrementCounter();
			t.addValue("fold", String.valueOf(f + 1));
			r.folds.get(f).fields().forEach((k, v) -> t.addValue(k, v.doubleValue()));
		}
		String[] labels = {"mean", "sd (n-1)"};
		for (int row = 0; row < 2; row++) {
			t.incrementCounter();
			t.addValue("fold", labels[row]);
			for (String key : new String[] {"loss", "accuracy", "auc", "sensitivity", "specificity"})
				t.addValue(key, Metrics.meanStd(r.folds.stream().mapToDouble(m -> m.fields().get(key).doubleValue()).toArray())[row]);
		}
		return t;
	}

	/** The out-of-fold ROC curve: sensitivity against 1 - specificity at every threshold. */
	static Plot rocPlot(KFoldEvaluator.Result r) {
		double[] thresholds = r.oof.clone();
		Arrays.sort(thresholds);
		List<double[]> pts = new ArrayList<>();
		pts.add(new double[] {1, 1});
		for (double t : thresholds) {
			Metrics m = Metrics.of(r.oof, r.targets, t);
			pts.add(new double[] {1 - m.specificity, m.sensitivity});
		}
		pts.add(new double[] {0, 0});
		double[] x = pts.stream().mapToDouble(p -> p[0]).toArray(), y = pts.stream().mapToDouble(p -> p[1]).toArray();
		double[] ci = r.pooledAucCi();
		Plot p = new Plot(String.format("ROC (out-of-fold AUC %.3f, 95%% CI %.3f-%.3f)", r.pooledAuc(), ci[0], ci[1]),
			"1 - specificity", "Sensitivity");
		p.setLimits(0, 1, 0, 1);
		p.setColor(Color.LIGHT_GRAY);
		p.addPoints(new double[] {0, 1}, new double[] {0, 1}, Plot.LINE);
		p.setColor(Color.BLUE);
		p.addPoints(x, y, Plot.LINE);
		return p;
	}

	/** Loss and accuracy per epoch as a plot that grows on screen. */
	static final class Curves implements Trainer.Listener {
		final List<Trainer.EpochStats> epochs = new ArrayList<>();
		private Plot shown;

		@Override
		public void onEpoch(Trainer.EpochStats s) {
			epochs.add(s);
			if (headless()) return;
			Plot p = plot();
			if (shown == null) {
				shown = p;
				shown.show();
			} else if (shown.getImagePlus() != null) {
				shown.getImagePlus().setProcessor(p.getProcessor());
			}
		}

		Plot plot() {
			int n = epochs.size();
			double[] x = new double[n], tl = new double[n], vl = new double[n], ta = new double[n], va = new double[n];
			for (int i = 0; i < n; i++) {
				Trainer.EpochStats s = epochs.get(i);
				x[i] = i + 1;
				tl[i] = s.trainLoss;
				vl[i] = s.valLoss;
				ta[i] = s.trainAccuracy;
				va[i] = s.valAccuracy;
			}
			Plot p = new Plot("Training curves", "Epoch", "Loss / accuracy");
			p.setLimits(1, Math.max(2, n), 0, 1.5);
			Color[] colours = {Color.RED, Color.MAGENTA, Color.BLUE, Color.CYAN};
			double[][] ys = {tl, vl, ta, va};
			for (int i = 0; i < 4; i++) {
				p.setColor(colours[i]);
				p.addPoints(x, ys[i], Plot.LINE);
			}
			p.addLegend("train loss\nvalidation loss\ntrain accuracy\nvalidation accuracy");
			return p;
		}

		ResultsTable table() {
			ResultsTable t = new ResultsTable();
			for (Trainer.EpochStats s : epochs) {
				t.incrementCounter();
				t.addValue("Phase", s.phase);
				t.addValue("Epoch", s.epoch);
				t.addValue("Train loss", s.trainLoss);
				t.addValue("Train accuracy", s.trainAccuracy);
				t.addValue("Validation loss", s.valLoss);
				t.addValue("Validation accuracy", s.valAccuracy);
			}
			return t;
		}
	}
}
