package io.github.bonefracture.distributed;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageFormat;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.prediction.Prediction;
import io.github.bonefracture.report.DetectionReport;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Detection on one partition of the image list, in an executor: each image
 * copied from its file system to local disk, detected in batches by the
 * executor's detector, optionally drawn and written beside the results;
 * every answered image gives one row, an unreadable one its reason to the
 * run's accumulator instead.
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
	/** (file, reason) of each image that gave no answer. */
	private final CollectionAccumulator<String[]> unreadable;
	/** The listed files that are not images (ImageFormat.notAnImage). */
	private final CollectionAccumulator<String> notImages;
	/** The inputs whose annotated copy keeps its extension in its name (another input in its folder has the same stem). */
	private final HashSet<String> stemClashes;

	DetectPartition(Broadcast<byte[]> model, String modelSha256, String modelName, String backend, Detector.Options options, HadoopFiles hadoop,
		String annotatedDir, String inputRoot, String run, TaskHook hook, CollectionAccumulator<String[]> unreadable, CollectionAccumulator<String> notImages, HashSet<String> stemClashes)
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
		this.unreadable = unreadable;
		this.notImages = notImages;
		this.stemClashes = stemClashes;
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
				Path copy = hadoop.copyToLocal(uri, dir);
				if (!ImageFormat.isInput(copy)) notImages.add(uri);
				else local.put(copy, uri);
			} catch (IOException e) {
				unreadable.add(new String[] {uri, "cannot read: " + e.getMessage()});
			}
		}
		List<Detector.FileResult> results = detector.detectFiles(new ArrayList<>(local.keySet()), options, Progress.NONE);
		for (Detector.FileResult r : results) {
			String uri = local.get(r.file);
			if (r.prediction == null) {
				unreadable.add(new String[] {uri, r.error == null ? "unreadable" : r.error.replace(r.file.toString(), uri)});
				continue;
			}
			String annotated = annotatedDir == null ? null : annotate(r, uri);
			Prediction p = r.prediction;
			boolean described = !Double.isNaN(p.distributionScore);
			rows.add(RowFactory.create(uri, p.probability, p.threshold, p.label.displayName(), modelName, modelSha256, annotated, run, p.answer(),
				p.conformal ? p.predictionSetText() : null, described ? p.distributionScore : null, described ? p.outsideTrainingData : null));
			Files.deleteIfExists(r.file);
		}
		return rows;
	}

	/** Draws the answer on the image and writes it whole below the annotated folder; returns its path there. */
	private String annotate(Detector.FileResult r, String uri) throws IOException {
		String rel = inputRoot != null && uri.startsWith(inputRoot + "/") ? uri.substring(inputRoot.length() + 1)
			: new org.apache.hadoop.fs.Path(uri).toUri().getPath().replaceFirst("^/+", "");
		int slash = rel.lastIndexOf('/');
		String relPng = rel.substring(0, slash + 1) + DetectionReport.annotatedName(rel.substring(slash + 1), stemClashes.contains(uri));
		byte[] png = DetectionReport.annotatedPng(r.file, uri, r.prediction, options.heatmap, options.maxPixels);
		hadoop.write(annotatedDir + "/" + relPng, out -> out.write(png));
		return relPng;
	}
}
