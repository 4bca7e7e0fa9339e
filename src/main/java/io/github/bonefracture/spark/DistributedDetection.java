package io.github.bonefracture.spark;

import io.github.bonefracture.core.Sha256;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.report.DetectionReport;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
 * Detection of an image list on a Spark cluster. Results go to
 * OUT/detections.parquet (appended to by every run) and OUT/detections.csv
 * (detect's columns, rewritten whole from the Parquet rows at the end); a
 * run into an OUT that holds results skips the images already answered
 * and tries the failed ones again.
 */
public final class DistributedDetection {

	public static final String PARQUET = "detections.parquet";
	public static final String ANNOTATED = "annotated";
	static final StructType SCHEMA = new StructType()
		.add("file", DataTypes.StringType, false)
		.add("p_fracture", DataTypes.DoubleType, true)
		.add("threshold", DataTypes.DoubleType, true)
		.add("label", DataTypes.StringType, true)
		.add("model", DataTypes.StringType, true)
		.add("error", DataTypes.StringType, true)
		.add("annotated", DataTypes.StringType, true)
		.add("run", DataTypes.StringType, false);

	/** What a run did. */
	public static final class Summary {
		public final int listed, skipped, detected, failed, fractures;

		Summary(int listed, int skipped, int detected, int failed, int fractures) {
			this.listed = listed;
			this.skipped = skipped;
			this.detected = detected;
			this.failed = failed;
			this.fractures = fractures;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%d images listed, %d answered before (skipped), %d detected now (%d Fracture), %d unreadable",
				listed, skipped, detected, fractures, failed);
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
		checkModel(model, modelUri);
		ImageList list = ImageList.of(input, hadoop);
		String parquet = output + "/" + PARQUET;
		Set<String> done = new HashSet<>();
		if (hadoop.exists(parquet))
			for (Row r : spark.read().parquet(parquet).filter("error IS NULL").select("file").collectAsList()) done.add(r.getString(0));
		List<String> todo = new ArrayList<>();
		for (String f : list.files) if (!done.contains(f)) todo.add(f);
		progress.info(list.files.size() + " images listed; " + (list.files.size() - todo.size()) + " answered by an earlier run, " + todo.size() + " to detect");
		String run = Instant.now().toString();
		long listed = System.nanoTime();
		if (!todo.isEmpty()) {
			JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
			Broadcast<byte[]> shipped = jsc.broadcast(model);
			int n = partitions > 0 ? partitions : Math.max(1, Math.min(todo.size(), 4 * jsc.defaultParallelism()));
			JavaRDD<Row> rows = jsc.parallelize(todo, n).mapPartitions(new DetectPartition(shipped, Sha256.hex(model), modelName, backend, o, hadoop,
				annotated ? output + "/" + ANNOTATED : null, list.root, run, hook));
			// Spark commits each task's Parquet file once: a retried task never leaves two copies.
			spark.createDataFrame(rows, SCHEMA).write().mode(SaveMode.Append).parquet(parquet);
		}
		long detected = System.nanoTime();
		Map<String, Row> latest = latest(spark.read().parquet(parquet).collectAsList());
		writeCsv(hadoop, output + "/" + DetectionReport.CSV, latest);
		progress.info(String.format(Locale.ROOT, "Model check and listing %.1f s, detection %.1f s (%.1f images/s), results %.1f s",
			(listed - start) / 1e9, (detected - listed) / 1e9, todo.size() / Math.max(1e-9, (detected - listed) / 1e9), (System.nanoTime() - detected) / 1e9));
		int answered = 0, failed = 0, fractures = 0;
		for (Row r : latest.values()) {
			if (!run.equals(r.getAs("run"))) continue;
			if (r.getAs("error") != null) failed++;
			else {
				answered++;
				if ("Fracture".equals(r.getAs("label"))) fractures++;
			}
		}
		return new Summary(list.files.size(), list.files.size() - todo.size(), answered, failed, fractures);
	}

	/** One row per image: its answer if any run gave one, else its latest error. */
	static Map<String, Row> latest(List<Row> all) {
		Map<String, Row> m = new TreeMap<>();
		for (Row r : all) {
			Row had = m.get(r.<String>getAs("file"));
			boolean ok = r.getAs("error") == null, hadOk = had != null && had.getAs("error") == null;
			if (had == null || (ok && !hadOk) || (ok == hadOk && r.<String>getAs("run").compareTo(had.getAs("run")) > 0)) m.put(r.getAs("file"), r);
		}
		return m;
	}

	private static void writeCsv(HadoopFiles hadoop, String uri, Map<String, Row> rows) {
		try {
			hadoop.write(uri, out -> {
				CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.DEFAULT.builder()
					.setHeader("file", "p_fracture", "label", "threshold", "model", "error", "annotated").build());
				for (Row r : rows.values()) {
					Double p = r.getAs("p_fracture");
					csv.printRecord(r.getAs("file"), p == null ? "" : String.format(Locale.ROOT, "%.6f", p), nz(r.getAs("label")),
						r.getAs("threshold") == null ? "" : r.getAs("threshold"), nz(r.getAs("model")), nz(r.getAs("error")), nz(r.getAs("annotated")));
				}
				csv.flush();
			});
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot write " + uri, e);
		}
	}

	private static Object nz(Object o) {
		return o == null ? "" : o;
	}

	/** Refuses a damaged model here, with its name, before any executor tries it. */
	private static void checkModel(byte[] model, String uri) {
		ModelBytes.read(model, file -> {
			try {
				return ModelFile.load(file);
			} catch (InvalidInputException e) {
				throw new InvalidInputException(e.getMessage().replace(file.toString(), uri));
			}
		});
	}


}
