package io.github.bonefracture.report;

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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Locale;


/** Batch detection output: detections.csv and one annotated PNG per image, named after the input's relative path. */
public final class DetectionReport {

	public static final String CSV = "detections.csv";
	public static final String SUFFIX = "_detection.png";

	private DetectionReport() {}

	/**
	 * Where the annotated copy of file goes: its path relative to the input
	 * root mirrored below outDir, so two inputs never share an output.
	 */
	public static Path annotatedPath(Path inputRoot, Path file, Path outDir) {
		Path rel = inputRoot == null ? file.getFileName() : inputRoot.toAbsolutePath().relativize(file.toAbsolutePath());
		String png = annotatedName(rel.getFileName().toString());
		Path parent = rel.getParent();
		return parent == null ? outDir.resolve(png) : outDir.resolve(parent.toString()).resolve(png);
	}

	/** image.dcm -> image_detection.png: the name of a file's annotated copy. */
	public static String annotatedName(String fileName) {
		int dot = fileName.lastIndexOf('.');
		return (dot > 0 ? fileName.substring(0, dot) : fileName) + SUFFIX;
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
	 * Writes detections.csv, then the annotated images, each whole or not at all;
	 * the first write that fails ends the run with the file and the reason.
	 */
	public static void write(List<Detector.FileResult> results, Path inputRoot, Path outDir, String modelName, boolean heatmap,
		long maxPixels, Progress progress)
	{
		OutputFiles.writeStream(outDir.resolve(CSV), out -> {
			Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
				.setHeader("file", "p_fracture", "label", "threshold", "model", "error", "annotated").build());
			for (Detector.FileResult r : results) {
				if (r.prediction == null) csv.printRecord(r.file, "", "", "", modelName, r.error, "");
				else csv.printRecord(r.file, String.format(Locale.ROOT, "%.6f", r.prediction.probability), r.prediction.label.displayName(),
					r.prediction.threshold, modelName, "", outDir.relativize(annotatedPath(inputRoot, r.file, outDir)));
			}
			csv.flush();
		});
		// One image per core: annotating re-reads each image, and a radiograph takes longer to read than to judge.
		ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
			Thread t = new Thread(r, "bfd-annotate");
			t.setDaemon(true);
			return t;
		});
		try {
			List<Future<?>> pending = new ArrayList<>();
			for (Detector.FileResult r : results)
				if (r.prediction != null) pending.add(pool.submit(() -> annotate(r, inputRoot, outDir, heatmap, maxPixels)));
			int done = 0;
			for (Future<?> f : pending) {
				progress.checkCanceled();
				Futures.await(f);
				progress.progress("Writing annotated images", ++done, pending.size());
			}
		} finally {
			pool.shutdownNow();
		}
	}

	private static void annotate(Detector.FileResult r, Path inputRoot, Path outDir, boolean heatmap, long maxPixels) {
		byte[] png = annotatedPng(r.file, r.file.toString(), r.prediction, heatmap, maxPixels);
		OutputFiles.writeStream(annotatedPath(inputRoot, r.file, outDir), out -> out.write(png));
	}


}
