package io.github.bonefracture.report;

import io.github.bonefracture.core.CsvCells;
import io.github.bonefracture.engine.Detector;

import io.github.bonefracture.core.Futures;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.data.UnreadableImageException;
import io.github.bonefracture.prediction.Prediction;
import io.github.bonefracture.render.Png;
import io.github.bonefracture.render.ResultOverlay;

import ij.ImagePlus;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Locale;
import java.util.stream.Collectors;

/** Batch detection output: detections.csv and one annotated PNG per image, named after the input's relative path. */
public final class DetectionReport {

	/** detections.csv's columns, the same for a local run and a cluster's. */
	public static final String[] HEADER = {"file", "p_fracture", "label", "threshold", "model", "error", "annotated", "answer", "prediction_set",
		"training_data_distance", "outside_training_data"};
	public static final String CSV = "detections.csv";
	public static final String SUFFIX = "_detection.png";

	private DetectionReport() {}

	/**
	 * Where the annotated copy of file goes: its path relative to the input
	 * root mirrored below outDir, so two inputs never share an output.
	 */
	public static Path annotatedPath(Path inputRoot, Path file, Path outDir, boolean stemClashes) {
		Path rel = inputRoot == null ? file.getFileName() : inputRoot.toAbsolutePath().relativize(file.toAbsolutePath());
		String png = annotatedName(rel.getFileName().toString(), stemClashes);
		Path parent = rel.getParent();
		return parent == null ? outDir.resolve(png) : outDir.resolve(parent.toString()).resolve(png);
	}

	/**
	 * image.dcm -> image_detection.png: the name of a file's annotated copy;
	 * when another input in its folder has the same name before the extension
	 * (x.png and x.jpg), the extension stays in it: x_png_detection.png.
	 */
	public static String annotatedName(String fileName, boolean stemClashes) {
		int dot = fileName.lastIndexOf('.');
		if (dot <= 0) return fileName + SUFFIX;
		return fileName.substring(0, dot) + (stemClashes ? "_" + fileName.substring(dot + 1) : "") + SUFFIX;
	}

	/** Of these paths (any separator '/'), those that share their folder and their name before the extension with another. */
	public static Set<String> stemClashes(Collection<String> paths) {
		Map<String, List<String>> byStem = new HashMap<>();
		for (String p : paths) {
			String n = p.replace('\\', '/');
			int dot = n.lastIndexOf('.'), slash = n.lastIndexOf('/');
			String stem = dot > slash + 1 ? n.substring(0, dot) : n;
			byStem.computeIfAbsent(stem.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(p);
		}
		Set<String> out = new HashSet<>();
		for (List<String> same : byStem.values()) if (same.size() > 1) out.addAll(same);
		return out;
	}

	/** The image in file with its answer drawn, as PNG bytes; refuses a file that no longer reads, naming it as shown. */
	public static byte[] annotatedPng(Path file, String shown, Prediction p, boolean heatmap, long maxPixels) {
		ImagePlus imp;
		try {
			imp = ImageLoader.load(file, maxPixels);
		} catch (UnreadableImageException e) {
			throw new InvalidInputException("Could not annotate " + shown + ", which changed since detection: " + e.reason(), e);
		}
		ImagePlus flat = ResultOverlay.flatten(imp, p, heatmap);
		imp.flush();
		byte[] png = Png.encode(flat);
		flat.flush();
		return png;
	}

	/**
	 * Writes the annotated images, then detections.csv naming those written,
	 * each file whole or not at all; the first image that cannot be written
	 * stops the rest, and after the CSV the run ends with its file and reason.
	 */
	public static void write(List<Detector.FileResult> results, Path inputRoot, Path outDir, String modelName, boolean heatmap,
		long maxPixels, Progress progress)
	{
		Set<String> clashes = stemClashes(results.stream().map(r -> r.file.toAbsolutePath().toString()).collect(Collectors.toList()));
		Map<Detector.FileResult, Path> written = new ConcurrentHashMap<>();
		RuntimeException failure = null;
		// One image per core: annotating re-reads each image, and a radiograph takes longer to read than to judge.
		ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
			Thread t = new Thread(r, "bfd-annotate");
			t.setDaemon(true);
			return t;
		});
		try {
			List<Future<?>> pending = new ArrayList<>();
			for (Detector.FileResult r : results)
				if (r.prediction != null) pending.add(pool.submit(() -> {
					Path png = annotatedPath(inputRoot, r.file, outDir, clashes.contains(r.file.toAbsolutePath().toString()));
					annotate(r, png, heatmap, maxPixels);
					written.put(r, png);
				}));
			int done = 0;
			for (Future<?> f : pending) {
				progress.checkCanceled();
				try {
					Futures.await(f);
				} catch (InvalidInputException e) {
					failure = e;
					break;
				}
				progress.progress("Writing annotated images", ++done, pending.size());
			}
		} finally {
			pool.shutdownNow();
		}
		OutputFiles.writeStream(outDir.resolve(CSV), out -> {
			Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
				.setHeader(HEADER).build());
			for (Detector.FileResult r : results) {
				Path png = written.get(r);
				if (r.prediction == null) csv.printRecord(CsvCells.text(r.file), "", "", "", CsvCells.text(modelName), CsvCells.text(r.error), "", "", "", "", "");
				else {
					Prediction p = r.prediction;
					// The label stays the thresholded one (scripts read it); the answer says when the model cannot stand behind it.
					csv.printRecord(CsvCells.text(r.file), String.format(Locale.ROOT, "%.6f", p.probability), p.label.displayName(),
						p.threshold, CsvCells.text(modelName), "", png == null ? "" : CsvCells.text(outDir.relativize(png)), p.answer(), p.predictionSetText(),
						Double.isNaN(p.distributionScore) ? "" : String.format(Locale.ROOT, "%.4f", p.distributionScore),
						Double.isNaN(p.distributionScore) ? "" : String.valueOf(p.outsideTrainingData));
				}
			}
			csv.flush();
		});
		if (failure != null) throw failure;
	}

	private static void annotate(Detector.FileResult r, Path target, boolean heatmap, long maxPixels) {
		byte[] png = annotatedPng(r.file, r.file.toString(), r.prediction, heatmap, maxPixels);
		OutputFiles.writeStream(target, out -> out.write(png));
	}

}
