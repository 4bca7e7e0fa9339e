package io.github.bonefracture.engine;

import io.github.bonefracture.core.CsvCells;
import io.github.bonefracture.core.ReportJson;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Dataset;
import io.github.bonefracture.data.DatasetScanner;
import io.github.bonefracture.data.Sample;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trained model on a labelled test set it never saw: AUC with DeLong's
 * interval, sensitivity and specificity at the model's own threshold (or the
 * one asked for), calibration, and every image's prediction.
 */
public final class ExternalEvaluation {

	public final Path dataset;
	public final List<Sample> samples = new ArrayList<>();
	public final double[] probabilities;
	public final int[] targets;
	public final Metrics atThreshold;
	public final AucInterval auc;
	public final Reliability reliability;
	public final List<Detector.FileResult> unreadable = new ArrayList<>();
	/** How many test images the model was trained on (same bytes); empty when its file does not say what it was trained on. */
	public java.util.OptionalInt seenInTraining = java.util.OptionalInt.empty();

	private ExternalEvaluation(Path dataset, List<Sample> samples, double[] probabilities, int[] targets, double threshold,
		List<Detector.FileResult> unreadable)
	{
		this.dataset = dataset;
		this.samples.addAll(samples);
		this.probabilities = probabilities;
		this.targets = targets;
		this.atThreshold = Metrics.of(probabilities, targets, threshold);
		this.auc = AucInterval.of(probabilities, targets);
		this.reliability = Reliability.of(probabilities, targets, 10);
		this.unreadable.addAll(unreadable);
	}

	/** Detects every image of the labelled folder (Fracture/Normal, or MURA's tree) with the detector's model. */
	public static ExternalEvaluation run(Path datasetDir, Detector detector, Detector.Options o, Progress progress) {
		detector.tellPrecision(o, progress);
		detector.tellOnce(progress);
		Dataset ds = new DatasetScanner(null, false, o.maxPixels).scan(datasetDir, progress);
		List<Path> files = new ArrayList<>();
		for (Sample s : ds.samples()) files.add(s.path());
		List<Detector.FileResult> results = detector.detectFiles(files, o, progress);
		List<Sample> kept = new ArrayList<>();
		List<Double> p = new ArrayList<>();
		List<Detector.FileResult> bad = new ArrayList<>();
		for (int i = 0; i < results.size(); i++) {
			Detector.FileResult r = results.get(i);
			if (r.error != null) {
				bad.add(r);
				progress.warn("Skipped " + r.file + ": " + r.error);
				continue;
			}
			kept.add(ds.samples().get(i));
			p.add(r.prediction.probability);
		}
		double threshold = results.stream().filter(r -> r.prediction != null).findFirst().map(r -> r.prediction.threshold).orElse(0.5);
		int[] y = kept.stream().mapToInt(s -> s.label().target()).toArray();
		ExternalEvaluation e = new ExternalEvaluation(datasetDir, kept, p.stream().mapToDouble(Double::doubleValue).toArray(), y, threshold, bad);
		detector.metadata().trainingImages().ifPresent(trained -> {
			long seen = kept.stream().filter(s -> trained.contains(TrainingImages.hash(s.path()))).count();
			e.seenInTraining = java.util.OptionalInt.of((int) seen);
			if (seen > 0) progress.warn(String.format(java.util.Locale.ROOT, "%d of %d test images are images this model was trained on (the same bytes): "
				+ "these figures are not an external test", seen, kept.size()));
		});
		if (detector.metadata().trainingImages().isEmpty())
			progress.warn("This model file does not record what it was trained on (made before it): whether these test images were among its training images is not checked");
		progress.info(e.report().trim());
		return e;
	}

	public String report() {
		Metrics m = atThreshold;
		return String.format(Locale.ROOT, "External test set %s: %d images (%d Fracture), %d unreadable%n"
			+ "  AUC %s%n"
			+ "  at threshold %.3f: accuracy %.4f, sensitivity %.4f, specificity %.4f [TP %d FP %d TN %d FN %d]%n"
			+ "  calibration: Brier %.4f, ECE %.4f (10 bins)%n",
			dataset, targets.length, m.tp + m.fn, unreadable.size(), auc, m.threshold, m.accuracy, m.sensitivity, m.specificity,
			m.tp, m.fp, m.tn, m.fn, reliability.brier, reliability.expectedCalibrationError);
	}

	/** evaluation.json, evaluation-predictions.csv and evaluation-reliability.csv in outDir, each whole or not at all. */
	public void write(Path outDir, String modelName) {
		OutputFiles.writeStream(outDir.resolve("evaluation-predictions.csv"), out -> {
			CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
				CSVFormat.DEFAULT.builder().setHeader("file", "group", "label", "p_fracture", "called", "error").build());
			for (int i = 0; i < samples.size(); i++)
				csv.printRecord(CsvCells.text(samples.get(i).path()), CsvCells.text(samples.get(i).group()), samples.get(i).label().displayName(),
					probabilities[i], probabilities[i] >= atThreshold.threshold ? "Fracture" : "Normal", "");
			for (Detector.FileResult r : unreadable) csv.printRecord(CsvCells.text(r.file), "", "", "", "", CsvCells.text(r.error));
			csv.flush();
		});
		OutputFiles.writeStream(outDir.resolve("evaluation-reliability.csv"), out -> {
			CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
				CSVFormat.DEFAULT.builder().setHeader("bin_low", "bin_high", "mean_predicted", "observed_fracture_rate", "images").build());
			for (Reliability.Bin b : reliability.bins) csv.printRecord(b.low, b.high, b.meanPredicted, b.observed, b.count);
			csv.flush();
		});
		Map<String, Object> j = new LinkedHashMap<>();
		j.put("dataset", dataset.toString());
		j.put("model", modelName);
		j.put("images", targets.length);
		j.put("unreadable", unreadable.size());
		j.put("auc", auc.auc);
		j.put("auc95CI", List.of(auc.low, auc.high));
		j.put("aucCiMethod", auc.method);
		j.put("threshold", atThreshold.threshold);
		j.put("testImagesSeenInTraining", seenInTraining.isPresent() ? (Object) seenInTraining.getAsInt() : "not recorded in the model file");
		j.put("atThreshold", atThreshold.fields());
		j.put("brier", reliability.brier);
		j.put("expectedCalibrationError", reliability.expectedCalibrationError);
		j.put("software", ModelFile.softwareVersions());
		j.put(ReportJson.NULL_KEY, ReportJson.NULL_MEANS);
		OutputFiles.writeString(outDir.resolve("evaluation.json"), ReportJson.gson().toJson(j));
	}
}
