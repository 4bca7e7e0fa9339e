package io.github.bonefracture.engine;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.data.ImageFormat;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.data.UnreadableImageException;
import io.github.bonefracture.render.ResultOverlay;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Batch detection output: detections.csv and one annotated PNG per image. */
public final class DetectionReport {

	public static final String CSV = "detections.csv";

	private DetectionReport() {}

	/** The file itself, or every image file below a folder in sorted order (hidden files skipped). */
	public static List<Path> imageFiles(Path input) {
		if (Files.isRegularFile(input)) return List.of(input);
		if (!Files.isDirectory(input)) throw new InvalidInputException("Input not found: " + input);
		try (Stream<Path> s = Files.walk(input)) {
			return s.filter(Files::isRegularFile)
				.filter(p -> !p.getFileName().toString().startsWith("."))
				.filter(p -> ImageFormat.fromName(p.getFileName().toString()) != null)
				.sorted().collect(Collectors.toList());
		} catch (IOException e) {
			throw new InvalidInputException("Cannot list " + input + ": " + e.getMessage(), e);
		}
	}

	public static void write(List<Detector.FileResult> results, Path outDir, String modelName, boolean heatmap) {
		try {
			Files.createDirectories(outDir);
			try (Writer w = Files.newBufferedWriter(outDir.resolve(CSV), StandardCharsets.UTF_8);
				CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("file", "p_fracture", "label", "threshold", "model", "error").build()))
			{
				for (Detector.FileResult r : results) {
					if (r.prediction == null) csv.printRecord(r.file, "", "", "", modelName, r.error);
					else csv.printRecord(r.file, String.format(Locale.ROOT, "%.6f", r.prediction.probability), r.prediction.label.displayName(),
						r.prediction.threshold, modelName, "");
				}
			}
			for (Detector.FileResult r : results) {
				if (r.prediction == null) continue;
				ImagePlus imp;
				try {
					imp = ImageLoader.load(r.file);
				} catch (UnreadableImageException e) {
					continue;
				}
				String name = r.file.getFileName().toString();
				int dot = name.lastIndexOf('.');
				Path png = outDir.resolve((dot > 0 ? name.substring(0, dot) : name) + "_detection.png");
				if (!new FileSaver(ResultOverlay.flatten(imp, r.prediction, heatmap)).saveAsPng(png.toString()))
					throw new IOException("could not write " + png);
			}
		} catch (IOException e) {
			throw new InvalidInputException("Could not write detections to " + outDir + ": " + e.getMessage(), e);
		}
	}
}
