package io.github.bonefracture.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.backend.Backends;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageInputs;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.TinyNets;
import io.github.bonefracture.engine.TrainingJob;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Distributed detection in Spark's local mode with two worker threads:
 * the same answer per image as local detection, unreadable images as rows
 * with their reason, a resumed run skipping what is done, and a task that
 * fails once (a lost executor) costing no result.
 */
class DistributedDetectionTest {

	@TempDir
	static Path dir;
	static SparkSession spark;
	static Path data, model;

	@BeforeAll
	static void start() throws Exception {
		data = TinyNets.phantoms(dir.resolve("data"), 6, 64, 1);
		Files.writeString(data.resolve("Fracture").resolve("broken.png"), "not an image");
		model = dir.resolve("model.zip");
		new TrainingJob(TinyNets.denseNet(1), Backends.onednn(), Progress.NONE, null).run(TinyNets.phantoms(dir.resolve("train"), 4, 64, 1), model);
		spark = LocalSpark.start();
	}

	@AfterAll
	static void stop() {
		if (spark != null) spark.stop();
	}

	private static Map<String, CSVRecord> csv(Path file) throws Exception {
		Map<String, CSVRecord> m = new HashMap<>();
		try (Reader r = Files.newBufferedReader(file)) {
			for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) m.put(rec.get("file"), rec);
		}
		return m;
	}

	private static String key(Path p) {
		return "file:" + p.toAbsolutePath();
	}

	@Test
	void everyImageAnsweredAsLocallyAndAResumedRunSkipsWhatIsDone() throws Exception {
		Path out = dir.resolve("out");
		Path marker = dir.resolve("failed-once");
		String m = marker.toString();
		TaskHook losesAnExecutorOnce = FailOnce.at(m);
		Detector.Options o = new Detector.Options();
		o.batchSize = 4;
		DistributedDetection.Summary s = new DistributedDetection(spark, losesAnExecutorOnce)
			.run(data.toString(), model.toString(), out.toString(), o, "auto", true, 3, Progress.NONE);
		assertTrue(Files.exists(marker), "the first attempt of a task failed");
		List<Path> files = ImageInputs.of(data).files;
		assertEquals(files.size(), s.listed);
		assertEquals(1, s.failed);
		assertEquals(files.size() - 1, s.detected);

		Map<String, CSVRecord> rows = csv(out.resolve("detections.csv"));
		assertEquals(files.size(), rows.size(), "one row per image, none twice after the retried task");
		assertTrue(rows.get(key(data.resolve("Fracture/broken.png"))).get("error").length() > 0);
		try (Detector local = Detector.load(model, Backends.choose("auto", Progress.NONE))) {
			for (Detector.FileResult r : local.detectFiles(files, o, Progress.NONE)) {
				CSVRecord rec = rows.get(key(r.file));
				assertNotNull(rec, r.file.toString());
				if (r.prediction == null) continue;
				assertEquals(r.prediction.probability, Double.parseDouble(rec.get("p_fracture")), 1e-6, r.file.toString());
				assertEquals(r.prediction.label.displayName(), rec.get("label"));
				assertTrue(Files.size(out.resolve("annotated").resolve(rec.get("annotated"))) > 0, "annotated copy of " + r.file);
			}
		}
		long parquetRows = spark.read().parquet(out.resolve("detections.parquet").toString()).count();
		assertEquals(files.size() - 1, parquetRows, "one row per answered image, none for the unreadable one");

		DistributedDetection.Summary again = new DistributedDetection(spark, TaskHook.NONE)
			.run(data.toString(), model.toString(), out.toString(), o, "auto", false, 0, Progress.NONE);
		assertEquals(files.size() - 1, again.skipped, "answered images are not detected again");
		assertEquals(1, again.failed, "the unreadable one is tried again, and fails again");
		assertEquals(files.size(), csv(out.resolve("detections.csv")).size());
		assertEquals(files.size() - 1, spark.read().parquet(out.resolve("detections.parquet").toString()).count(), "still one row per answered image");
	}

	@Test
	void aListFileAndAGlobNameTheSameImages() throws Exception {
		List<Path> files = ImageInputs.of(data).files;
		Path list = dir.resolve("list.txt");
		Files.writeString(list, "# two images\n" + files.get(0) + "\n\n" + data.relativize(files.get(1)).toString() + "\n");
		Files.move(list, data.resolve("list.txt"));
		HadoopFiles h = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
		assertEquals(List.of(key(files.get(0)), key(files.get(1))), ImageList.of(data.resolve("list.txt").toString(), h).files.stream().sorted().collect(java.util.stream.Collectors.toList()));
		assertEquals(6, ImageList.of(data + "/Normal/*.png", h).files.size());
		assertEquals(files.size(), ImageList.of(data.toString(), h).files.size(), "a folder: every image below it, the list file not among them");
	}
}
