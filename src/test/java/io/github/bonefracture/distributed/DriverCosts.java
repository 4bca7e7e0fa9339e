package io.github.bonefracture.distributed;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.core.Sha256;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.TinyNets;
import io.github.bonefracture.engine.ModelTraining;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a distributed detection run costs its driver for a large archive,
 * apart from detection itself: listing N image files, checking the earlier
 * runs' Parquet files, reading their answers, rewriting detections.csv. A
 * measurement program (not a test), for docs/export-and-spark.md:
 * java -cp CLASSPATH io.github.bonefracture.distributed.DriverCosts WORKDIR N FILES
 * (N images, all answered by an earlier run in FILES Parquet files).
 */
public final class DriverCosts {
	private DriverCosts() {}

	public static void main(String[] a) throws Exception {
		Path work = Files.createDirectories(Path.of(a[0]));
		int n = Integer.parseInt(a[1]), parts = Integer.parseInt(a[2]);
		Path images = work.resolve("images");
		if (!Files.exists(images)) {
			// Listing reads names only: empty files with an image extension stand in for radiographs.
			for (int i = 0; i < n; i++) {
				Path f = images.resolve(String.format(Locale.ROOT, "patient%05d/image%d.png", i / 4, i % 4));
				Files.createDirectories(f.getParent());
				Files.createFile(f);
			}
		}
		Path model = work.resolve("model.zip");
		if (!Files.exists(model))
			new ModelTraining(TinyNets.denseNet(1), Backends.onednn(), Progress.NONE, null).run(TinyNets.phantoms(work.resolve("train"), 4, 64, 1), model);
		SparkSession spark = LocalSpark.start();
		HadoopFiles hadoop = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
		Path out = work.resolve("out-" + n + "-" + parts);
		long t0 = System.nanoTime();
		ImageList list = ImageList.of(images.toString(), hadoop);
		long t1 = System.nanoTime();
		System.out.printf(Locale.ROOT, "listing %d files: %.2f s%n", list.files.size(), (t1 - t0) / 1e9);
		ResultStore store = new ResultStore(spark, hadoop, out.toString());
		if (!Files.exists(out)) {
			String sha = Sha256.hex(Files.readAllBytes(model));
			List<Row> rows = new ArrayList<>();
			for (String f : list.files) rows.add(RowFactory.create(f, 0.25, 0.5, "Normal", "model.zip", sha, null, "2026-12-04T00:00:00Z"));
			store.append(spark.createDataFrame(rows, ResultStore.SCHEMA).javaRDD().repartition(parts));
		}
		long t2 = System.nanoTime();
		store.recover(Progress.NONE);
		long t3 = System.nanoTime();
		System.out.printf(Locale.ROOT, "checking %d Parquet files: %.2f s%n", parts, (t3 - t2) / 1e9);
		Progress print = new Progress() {
			@Override
			public void info(String message) {
				System.out.println(message);
			}
		};
		long t4 = System.nanoTime();
		DistributedDetection.Summary s = new DistributedDetection(spark, TaskHook.NONE)
			.run(images.toString(), model.toString(), out.toString(), new Detector.Options(), "auto", false, 0, print);
		System.out.printf(Locale.ROOT, "a rerun with everything answered: %.2f s (%s)%n", (System.nanoTime() - t4) / 1e9, s);
		spark.stop();
	}
}
