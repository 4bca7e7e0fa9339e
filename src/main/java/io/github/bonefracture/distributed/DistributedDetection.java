package io.github.bonefracture.distributed;

import io.github.bonefracture.core.CsvCells;
import io.github.bonefracture.core.Sha256;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageFormat;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.report.DetectionReport;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Detection of an image list on a Spark cluster. Answers go to
 * OUT/detections.parquet ({@link ResultStore}: one row per image and model,
 * each task's rows committed as the task ends) and OUT/detections.csv
 * (detect's columns, rewritten whole at the end: this model's answers and
 * this run's unreadable images). A run into an OUT that holds results,
 * whether the run before it finished or lost its driver, detects only the
 * images this model has not answered, and tries the unreadable ones again.
 */
public final class DistributedDetection {

	public static final String PARQUET = ResultStore.PARQUET;
	public static final String ANNOTATED = "annotated";

	/** What a run did. */
	public static final class Summary {
		public final int listed, skipped, detected, failed, fractures, notImages;

		Summary(int listed, int skipped, int detected, int failed, int fractures, int notImages) {
			this.listed = listed;
			this.skipped = skipped;
			this.detected = detected;
			this.failed = failed;
			this.fractures = fractures;
			this.notImages = notImages;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%d files listed, %d answered before (skipped), %d detected now (%d Fracture), %d unreadable, %d not images",
				listed, skipped, detected, fractures, failed, notImages);
		}
	}

	private final SparkSession spark;
	private final TaskHook hook;

	public DistributedDetection(SparkSession spark, TaskHook hook) {
		this.spark = spark;
		this.hook = hook;
	}

	/**
	 * @param partitions tasks to split the list into; 0: four per core Spark offers
	 */
	public Summary run(String input, String modelUri, String output, Detector.Options o, String backend, boolean annotated, int partitions,
		Progress progress)
	{
		long start = System.nanoTime();
		HadoopFiles hadoop = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
		byte[] model = hadoop.read(modelUri);
		String modelName = new org.apache.hadoop.fs.Path(modelUri).getName();
		String sha = Sha256.hex(model);
		progress.info(checkModel(model, modelUri).metadata.decisionText());
		ImageList list = ImageList.of(input, hadoop);
		ResultStore store = new ResultStore(spark, hadoop, output);
		store.recover(progress);
		Set<String> done = store.answers(sha).keySet();
		List<String> todo = new ArrayList<>();
		for (String f : list.files) if (!done.contains(f)) todo.add(f);
		progress.info(list.files.size() + " files listed; " + (list.files.size() - todo.size()) + " answered by an earlier run, " + todo.size() + " to detect");
		String run = Instant.now().toString();
		long listed = System.nanoTime();
		Map<String, String> failures = new TreeMap<>();
		List<String> notUsed = new ArrayList<>();
		if (!todo.isEmpty()) {
			JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
			Broadcast<byte[]> shipped = jsc.broadcast(model);
			// Spark applies a task's accumulator updates once, when the task succeeds: a retried task reports its failures once.
			CollectionAccumulator<String[]> unreadable = jsc.sc().collectionAccumulator("unreadable images");
			CollectionAccumulator<String> notImages = jsc.sc().collectionAccumulator("files that are not images");
			int n = partitions > 0 ? partitions : Math.max(1, Math.min(todo.size(), 4 * jsc.defaultParallelism()));
			store.append(jsc.parallelize(todo, n).mapPartitions(new DetectPartition(shipped, sha, modelName, backend, o, hadoop,
				annotated ? output + "/" + ANNOTATED : null, list.root, run, hook, unreadable, notImages, new HashSet<>(DetectionReport.stemClashes(list.files)))));
			for (String[] f : unreadable.value()) failures.put(f[0], f[1]);
			notUsed.addAll(new java.util.TreeSet<>(notImages.value()));
			ImageFormat.notUsedLine(notUsed).ifPresent(progress::warn);
		}
		long detected = System.nanoTime();
		Map<String, Row> answers = store.answers(sha);
		writeCsv(hadoop, output + "/" + DetectionReport.CSV, answers, failures);
		progress.info(String.format(Locale.ROOT, "Model check and listing %.1f s, detection %.1f s (%.1f images/s), results %.1f s",
			(listed - start) / 1e9, (detected - listed) / 1e9, todo.size() / Math.max(1e-9, (detected - listed) / 1e9), (System.nanoTime() - detected) / 1e9));
		int answered = 0, fractures = 0;
		for (Row r : answers.values()) {
			if (!run.equals(r.getAs("run"))) continue;
			answered++;
			if ("Fracture".equals(r.getAs("label"))) fractures++;
		}
		return new Summary(list.files.size(), list.files.size() - todo.size(), answered, failures.size(), fractures, notUsed.size());
	}

	private static void writeCsv(HadoopFiles hadoop, String uri, Map<String, Row> answers, Map<String, String> failures) {
		Map<String, Object[]> lines = new TreeMap<>();
		for (Row r : answers.values())
			lines.put(r.getAs("file"), new Object[] {CsvCells.text(r.getAs("file")), String.format(Locale.ROOT, "%.6f", r.<Double>getAs("p_fracture")), r.getAs("label"),
				r.getAs("threshold"), CsvCells.text(r.getAs("model")), "", CsvCells.text(r.getAs("annotated")), blank(r.getAs("answer")), blank(r.getAs("prediction_set")),
				r.getAs("training_data_distance") == null ? "" : String.format(Locale.ROOT, "%.4f", r.<Double>getAs("training_data_distance")),
				blank(r.getAs("outside_training_data"))});
		failures.forEach((file, error) -> lines.putIfAbsent(file, new Object[] {CsvCells.text(file), "", "", "", "", CsvCells.text(error), "", "", "", "", ""}));
		try {
			hadoop.write(uri, out -> {
				CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.DEFAULT.builder()
					.setHeader(DetectionReport.HEADER).build());
				for (Object[] line : lines.values()) csv.printRecord(line);
				csv.flush();
			});
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot write " + uri, e);
		}
	}

	private static String blank(Object v) {
		return v == null ? "" : v.toString();
	}

	/** Refuses a damaged model here, with its name, before any executor tries it. */
	private static ModelFile checkModel(byte[] model, String uri) {
		return ModelBytes.read(model, file -> {
			try {
				return ModelFile.load(file);
			} catch (InvalidInputException e) {
				throw new InvalidInputException(e.getMessage().replace(file.toString(), uri));
			}
		});
	}

}
