package io.github.bonefracture.fiji;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.backend.Backends;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageInputs;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.engine.Architecture;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.ExternalEvaluation;
import io.github.bonefracture.engine.GeneratorJob;
import io.github.bonefracture.engine.KFoldEvaluator;
import io.github.bonefracture.engine.KFoldRerun;
import io.github.bonefracture.engine.Metrics;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.engine.TrainingJob;
import io.github.bonefracture.export.ModelExport;
import io.github.bonefracture.gan.Generator;
import io.github.bonefracture.gan.GeneratorFile;
import io.github.bonefracture.gan.SyntheticImages;
import io.github.bonefracture.nets.NativeRuntime;
import io.github.bonefracture.options.Settings;
import io.github.bonefracture.prediction.Prediction;
import io.github.bonefracture.render.ResultOverlay;
import io.github.bonefracture.report.DetectionReport;
import io.github.bonefracture.report.KFoldPlots;
import io.github.bonefracture.report.TrainingCurves;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Fiji commands and the plain ImageJ 1.x entry point do, written
 * once: the core's results turned into overlays, ImageJ tables and plots,
 * shown on a screen and saved when given a folder.
 */
final class Jobs {

	/** Every row goes to ImageJ's own Results table, on a screen and headless alike, so a macro's getResult reads it. */
	static final String TABLE = "Results";

	private Jobs() {}

	static boolean headless() {
		return GraphicsEnvironment.isHeadless();
	}

	/** Export a model file; says where it went once the file is whole. */
	static void export(Settings s, Backend backend, Progress progress) {
		ModelExport.run(s.model.toPath(), s.export, s.output.toPath(), backend, progress);
		progress.info("Wrote " + s.output);
	}

	/** Train Image Generator; with an output folder the sample grids and loss curves go there. */
	static void trainGenerator(Settings s, Progress progress) {
		NativeRuntime.report(progress);
		GeneratorJob.run(s.dataset.toPath(), s.generator.toPath(), s.output == null ? null : s.output.toPath(),
			s.model == null ? null : s.model.toPath(), s.training.generatorConfig(), s.training.maxPixels(), Backends.choose("auto", progress), progress);
	}

	/** Generate Synthetic X-rays: the stack on a screen, the PNGs in the output folder when one is given (headless needs one). */
	static ImagePlus generate(Settings s, Progress progress) {
		if (s.output == null && headless())
			throw new InvalidInputException("Generate Synthetic X-rays has nowhere to put the images when headless: give an output folder (output_folder)");
		Generator g = GeneratorFile.load(s.generator.toPath());
		if (s.output != null) SyntheticImages.write(g, s.syntheticCount, s.samplingSeed, s.output.toPath(), progress);
		ImagePlus stack = SyntheticImages.stack(g, s.syntheticCount, s.samplingSeed);
		if (!headless()) stack.show();
		return stack;
	}

	/** Detect on one image: overlay, a table row, the prediction. */
	static Prediction detect(ImagePlus image, File model, Detector d, Detector.Options o, Progress progress) {
		NativeRuntime.report(progress);
		precisionNote(d, o, progress);
		if (o.heatmap && !d.hasHeatmap()) progress.warn("This model (" + d.metadata().architecture.id() + ") has no heatmap: only the label is drawn");
		Prediction p = d.detect(image, o);
		ResultOverlay.apply(image, p, o.heatmap);
		progress.info(String.format("%s: %s", image.getTitle(), p));
		addRow(image.getTitle(), p, model);
		ModelFolder.rememberLastModel(model);
		return p;
	}

	private static void addRow(String image, Prediction p, File model) {
		ResultsTable rt = ResultsTable.getResultsTable();
		rt.incrementCounter();
		rt.addValue("Image", image);
		rt.addValue("P(fracture)", p.probability);
		rt.addValue("Label", p.label.displayName());
		rt.addValue("Threshold", p.threshold);
		rt.addValue("Model", model.getName());
		if (!headless()) rt.show(TABLE);
	}

	/** Says so when bfloat16 or int8 was asked for and float runs instead. */
	static void precisionNote(Detector d, Detector.Options o, Progress progress) {
		for (String why : d.precisionNotes(o)) progress.warn(why);
	}

	/** Counts of a folder run: images, called Fracture, unreadable. Rows in the Results table; CSV and PNGs with an output folder. */
	static int[] detectFolder(File input, File model, Detector d, File output, Detector.Options o, Progress progress) {
		NativeRuntime.report(progress);
		precisionNote(d, o, progress);
		if (output != null) OutputFiles.checkFolder(output.toPath(), "output folder");
		ImageInputs inputs = ImageInputs.of(input.toPath(), output == null ? null : output.toPath());
		List<Detector.FileResult> r = d.detectFiles(inputs, o, progress);
		if (output != null) DetectionReport.write(r, inputs.root, output.toPath(), model.getName(), o.heatmap && d.hasHeatmap(), o.maxPixels, progress);
		int failed = 0, fractures = 0;
		for (Detector.FileResult x : r) {
			if (x.error != null) {
				failed++;
				progress.warn("Skipped " + x.file + ": " + x.error);
				continue;
			}
			if (x.prediction.label == Label.FRACTURE) fractures++;
			addRow(inputs.root.relativize(x.file).toString(), x.prediction, model);
		}
		inputs.notUsedLine().ifPresent(progress::warn);
		progress.info(String.format("%d images: %d called Fracture, %d unreadable%s", r.size(), fractures, failed,
			output == null ? "" : "; results in " + new File(output, DetectionReport.CSV)));
		ModelFolder.rememberLastModel(model);
		return new int[] {r.size(), fractures, failed};
	}

	/** Trains, plotting curves as it goes; with an output folder the history and the plot are saved there. */
	static void train(TrainingConfig c, Backend backend, File dataset, File model, File output, Progress progress) {
		NativeRuntime.report(progress);
		OutputFiles.checkFile(model.toPath(), "model file");
		if (output != null) OutputFiles.checkFolder(output.toPath(), "output folder");
		TrainingCurves curves = new TrainingCurves(!headless());
		new TrainingJob(c, backend, progress, curves).run(dataset.toPath(), model.toPath());
		ModelFolder.rememberLastModel(model);
		if (output != null) curves.save(output.toPath());
	}

	/** K-fold (and the baseline on the same folds when asked) with a per-fold table and the pooled ROC curve; saved with an output folder. */
	static List<KFoldEvaluator.Result> kfold(Settings s, Progress progress) {
		NativeRuntime.report(progress);
		if (s.output != null) OutputFiles.checkFolder(s.output.toPath(), "output folder");
		List<TrainingConfig> configs = new ArrayList<>(List.of(s.training));
		if (s.compareBaseline && s.training.architecture != Architecture.BASELINE_CNN) configs.add(s.training.asBaseline());
		if (s.compareWith != null) configs.add(KFoldRerun.read(s.compareWith.toPath()).configs.get(0));
		// The evaluator logs each architecture's summary once.
		List<KFoldEvaluator.Result> results = s.rerun != null
			? KFoldRerun.read(s.rerun.toPath()).run(s.dataset.toPath(), Backends.choose(s.backend, progress), progress, s.output == null ? null : s.output.toPath())
			: new KFoldEvaluator(s.k, s.foldSeed, s.repeats, Backends.choose(s.backend, progress), progress)
				.run(s.dataset.toPath(), configs, s.output == null ? null : s.output.toPath());
		for (KFoldEvaluator.Result r : results) {
			String suffix = results.size() > 1 ? " (" + KFoldPlots.name(r, results) + ")" : "";
			ResultsTable folds = foldTable(r);
			if (!headless()) {
				folds.show("K-fold results" + suffix);
				KFoldPlots.roc(r).show();
				KFoldPlots.reliability(r).show();
			}
			if (s.output != null) saveTable(folds, new File(s.output, "kfold-table" + (results.size() > 1 ? "-" + KFoldPlots.name(r, results) : "") + ".csv"));
		}
		if (s.output != null) KFoldPlots.write(results, s.output.toPath());
		return results;
	}

	/** A model on a labelled test set: the report in the log, the files with an output folder. */
	static ExternalEvaluation evaluate(Settings s, Detector d, Progress progress) {
		NativeRuntime.report(progress);
		if (s.output != null) OutputFiles.checkFolder(s.output.toPath(), "output folder");
		s.detection.heatmap = false;
		ExternalEvaluation e = ExternalEvaluation.run(s.dataset.toPath(), d, s.detection, progress);
		if (!headless()) KFoldPlots.reliability(s.model.getName(), e.reliability).show();
		if (s.output != null) {
			e.write(s.output.toPath(), s.model.getName());
			savePng(KFoldPlots.reliability(s.model.getName(), e.reliability).getImagePlus(), new File(s.output, "evaluation-reliability.png"));
		}
		ModelFolder.rememberLastModel(s.model);
		return e;
	}

	/** A table as CSV, whole or not at all (ImageJ picks the delimiter from the name's extension, which the temporary keeps). */
	static void saveTable(ResultsTable t, File file) {
		OutputFiles.write(file.toPath(), tmp -> t.saveAs(tmp.toString()));
	}

	/** An image as PNG, whole or not at all; ImageIO reports every write error, where FileSaver shows a dialog. */
	static void savePng(ImagePlus imp, File file) {
		KFoldPlots.savePng(imp, file.toPath());
	}

	static ResultsTable foldTable(KFoldEvaluator.Result r) {
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
