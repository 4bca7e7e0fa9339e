package io.github.bonefracture.spark;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.render.ResultOverlay;
import io.github.bonefracture.report.DetectionReport;

import ij.ImagePlus;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * Detection on one partition of the image list, in an executor: each image
 * copied from its file system to local disk, detected in batches by the
 * executor's detector, optionally drawn and written beside the results;
 * every image gives one row, an unreadable one its reason.
 */
final class DetectPartition implements FlatMapFunction<Iterator<String>, Row> {
	private static final long serialVersionUID = 1L;

	private final Broadcast<byte[]> model;
	private final String modelSha256;
	private final String modelName;
	private final String backend;
	private final Detector.Options options;
	private final HadoopFiles hadoop;
	/** Folder for annotated copies, or null for none. */
	private final String annotatedDir;
	private final String inputRoot;
	private final String run;
	private final TaskHook hook;

	DetectPartition(Broadcast<byte[]> model, String modelSha256, String modelName, String backend, Detector.Options options, HadoopFiles hadoop,
		String annotatedDir, String inputRoot, String run, TaskHook hook)
	{
		this.model = model;
		this.modelSha256 = modelSha256;
		this.modelName = modelName;
		this.backend = backend;
		this.options = options;
		this.hadoop = hadoop;
		this.annotatedDir = annotatedDir;
		this.inputRoot = inputRoot;
		this.run = run;
		this.hook = hook;
	}

	@Override
	public Iterator<Row> call(Iterator<String> files) throws IOException {
		TaskContext t = TaskContext.get();
		hook.starting(t == null ? 0 : t.partitionId(), t == null ? 0 : t.attemptNumber());
		Detector detector = ExecutorModels.detector(modelSha256, model.value(), backend);
		List<Row> rows = new ArrayList<>();
		Path tmp = Files.createTempDirectory("bfd-spark-");
		try {
			List<String> chunk = new ArrayList<>();
			while (files.hasNext()) {
				chunk.add(files.next());
				if (chunk.size() == Math.max(1, options.batchSize) || !files.hasNext()) {
					rows.addAll(detect(detector, chunk, tmp));
					chunk.clear();
				}
			}
		} finally {
			try (Stream<Path> s = Files.walk(tmp)) {
				s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
		return rows.iterator();
	}

	private List<Row> detect(Detector detector, List<String> uris, Path tmp) throws IOException {
		List<Row> rows = new ArrayList<>();
		Map<Path, String> local = new LinkedHashMap<>();
		for (String uri : uris) {
			// Each in a folder of its own: two inputs may share a file name.
			Path dir = Files.createTempDirectory(tmp, "i");
			try {
				local.put(hadoop.copyToLocal(uri, dir), uri);
			} catch (IOException e) {
				rows.add(row(uri, null, 0, null, "cannot read: " + e.getMessage(), null));
			}
		}
		List<Detector.FileResult> results = detector.detectFiles(new ArrayList<>(local.keySet()), options, Progress.NONE);
		for (Detector.FileResult r : results) {
			String uri = local.get(r.file);
			if (r.prediction == null) {
				rows.add(row(uri, null, 0, null, r.error == null ? "unreadable" : r.error.replace(r.file.toString(), uri), null));
				continue;
			}
			String annotated = annotatedDir == null ? null : annotate(r, uri);
			rows.add(row(uri, r.prediction.probability, r.prediction.threshold, r.prediction.label.displayName(), null, annotated));
			Files.deleteIfExists(r.file);
		}
		return rows;
	}

	/** Draws the answer on the image and writes it whole below the annotated folder; returns its path there. */
	private String annotate(Detector.FileResult r, String uri) throws IOException {
		String rel = inputRoot != null && uri.startsWith(inputRoot + "/") ? uri.substring(inputRoot.length() + 1)
			: new org.apache.hadoop.fs.Path(uri).toUri().getPath().replaceFirst("^/+", "");
		String relPng = annotatedName(rel);
		ImagePlus imp;
		try {
			imp = ImageLoader.load(r.file, options.maxPixels);
		} catch (io.github.bonefracture.data.UnreadableImageException e) {
			throw new IOException("Could not annotate " + uri + ": " + e.reason(), e);
		}
		ImagePlus flat = ResultOverlay.flatten(imp, r.prediction, options.heatmap);
		imp.flush();
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		if (!ImageIO.write(flat.getBufferedImage(), "png", b)) throw new IOException("no PNG encoder");
		flat.flush();
		hadoop.write(annotatedDir + "/" + relPng, out -> out.write(b.toByteArray()));
		return relPng;
	}

	private Row row(String file, Double p, double threshold, String label, String error, String annotated) {
		return RowFactory.create(file, p, p == null ? null : threshold, label, modelName, error, annotated, run);
	}

	/** a/b/image.dcm -> a/b/image_detection.png, as detect names its annotated copies. */
	static String annotatedName(String rel) {
		int slash = rel.lastIndexOf('/');
		String name = rel.substring(slash + 1);
		int dot = name.lastIndexOf('.');
		return rel.substring(0, slash + 1) + (dot > 0 ? name.substring(0, dot) : name) + DetectionReport.SUFFIX;
	}
}
