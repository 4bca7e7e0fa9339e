package io.github.bonefracture.distributed;

import io.github.bonefracture.core.Progress;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * OUT/detections.parquet, the answers of every run into OUT: exactly one row
 * per image and model (SHA-256), however often a driver was lost.
 *
 * Each task's file becomes visible when the task commits (Hadoop's file
 * committer, algorithm 2: committed task files go straight into the folder),
 * so a driver killed at any moment leaves only committed answers there and
 * uncommitted ones below _temporary. A run first clears what an interrupted
 * run left (_temporary, files that are not readable Parquet, set aside under
 * _damaged), then detects only the images without an answer from this model.
 * Unreadable images are not stored: every run tries them again.
 */
final class ResultStore {

	static final String PARQUET = "detections.parquet";
	static final String DAMAGED = "_damaged";
	static final StructType SCHEMA = new StructType()
		.add("file", DataTypes.StringType, false)
		.add("p_fracture", DataTypes.DoubleType, false)
		.add("threshold", DataTypes.DoubleType, false)
		.add("label", DataTypes.StringType, false)
		.add("model", DataTypes.StringType, false)
		.add("model_sha256", DataTypes.StringType, false)
		.add("annotated", DataTypes.StringType, true)
		.add("run", DataTypes.StringType, false)
		// Nullable and last: stores written before them read back with nulls there.
		.add("answer", DataTypes.StringType, true)
		.add("prediction_set", DataTypes.StringType, true)
		.add("training_data_distance", DataTypes.DoubleType, true)
		.add("outside_training_data", DataTypes.BooleanType, true);

	private final SparkSession spark;
	private final HadoopFiles hadoop;
	private final String folder;

	ResultStore(SparkSession spark, HadoopFiles hadoop, String output) {
		this.spark = spark;
		this.hadoop = hadoop;
		this.folder = output + "/" + PARQUET;
	}

	String folder() {
		return folder;
	}

	/** Clears what an interrupted run left, saying what it found; afterwards every visible file is readable Parquet. */
	void recover(Progress progress) {
		Path dir = new Path(folder);
		FileSystem fs = hadoop.fs(folder);
		try {
			if (!fs.exists(dir)) return;
			if (!fs.getFileStatus(dir).isDirectory()) {
				Path aside = new Path(dir.getParent(), dir.getName() + ".damaged-" + System.currentTimeMillis());
				rename(fs, dir, aside);
				progress.warn(folder + " was a file, not a folder of results: moved to " + aside + "; every image is detected");
				return;
			}
			Path temporary = new Path(dir, "_temporary");
			if (fs.exists(temporary)) {
				long left = countFiles(fs, temporary);
				fs.delete(temporary, true);
				progress.info("Removed " + left + " uncommitted file(s) an interrupted run left in " + temporary + "; their images are detected again");
			}
			List<String> damaged = new ArrayList<>();
			for (FileStatus s : fs.listStatus(dir)) {
				String name = s.getPath().getName();
				if (name.startsWith("_") || name.startsWith(".")) continue;
				Optional<String> problem = s.isDirectory() ? Optional.of("a folder among the result files") : unreadable(s.getPath());
				if (problem.isEmpty()) continue;
				Path aside = new Path(new Path(dir, DAMAGED), name);
				fs.mkdirs(aside.getParent());
				rename(fs, s.getPath(), aside);
				damaged.add(name + " (" + problem.get() + ")");
			}
			if (!damaged.isEmpty())
				progress.warn(damaged.size() + " damaged result file(s) in " + folder + " moved to " + DAMAGED + "/, their images are detected again: "
					+ String.join("; ", damaged));
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot look at the earlier results in " + folder, e);
		}
	}

	/** This model's answers, one per image (an older copy of an image's row, if any, loses to the latest run's). */
	Map<String, Row> answers(String modelSha256) {
		Map<String, Row> m = new TreeMap<>();
		if (!hadoop.exists(folder)) return m;
		// The schema is given, so an empty folder reads as no rows instead of failing schema inference.
		Dataset<Row> rows = spark.read().schema(SCHEMA).parquet(folder).filter(org.apache.spark.sql.functions.col("model_sha256").equalTo(modelSha256));
		for (Row r : rows.collectAsList()) {
			Row had = m.get(r.<String>getAs("file"));
			if (had == null || r.<String>getAs("run").compareTo(had.getAs("run")) > 0) m.put(r.getAs("file"), r);
		}
		return m;
	}

	/** Appends the rows, each task's file visible as soon as that task commits. */
	void append(JavaRDD<Row> rows) {
		spark.createDataFrame(rows, SCHEMA).write().mode(SaveMode.Append)
			.option("mapreduce.fileoutputcommitter.algorithm.version", "2")
			.parquet(folder);
	}

	/** Why the file is not readable Parquet; nothing when it is. */
	private Optional<String> unreadable(Path file) {
		try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, hadoop.conf()))) {
			return r.getFooter() == null ? Optional.of("no footer") : Optional.empty();
		} catch (IOException | RuntimeException e) {
			return Optional.of("not readable as Parquet: " + e.getMessage());
		}
	}

	private static long countFiles(FileSystem fs, Path dir) throws IOException {
		long n = 0;
		for (var it = fs.listFiles(dir, true); it.hasNext(); it.next()) n++;
		return n;
	}

	private static void rename(FileSystem fs, Path from, Path to) throws IOException {
		if (!fs.rename(from, to)) throw new IOException("could not move " + from + " to " + to);
	}
}
