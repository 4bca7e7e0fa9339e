package io.github.bonefracture.distributed;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageInputs;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.TinyNets;
import io.github.bonefracture.engine.ModelTraining;

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
		new ModelTraining(TinyNets.denseNet(1), Backends.onednn(), Progress.NONE, null).run(TinyNets.phantoms(dir.resolve("train"), 4, 64, 1), model);
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
		Path lists = Files.createDirectories(dir.resolve("lists"));
		Path list = Files.writeString(lists.resolve("list.txt"), "# two images\n" + files.get(0) + "\n\n" + lists.relativize(files.get(1)).toString() + "\n");
		HadoopFiles h = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
		assertEquals(List.of(key(files.get(0)), key(files.get(1))), ImageList.of(list.toString(), h).files.stream().sorted().collect(java.util.stream.Collectors.toList()),
			"a list file: its paths, relative ones against its folder");
		assertEquals(6, ImageList.of(data + "/Normal/*.png", h).files.size());
		assertEquals(files.size(), ImageList.of(data.toString(), h).files.size(), "a folder: every file below it");
	}

	/** Progress that keeps every line, to check what a run said. */
	private static final class Said implements Progress {
		final List<String> lines = new java.util.ArrayList<>();

		@Override
		public void info(String message) {
			lines.add(message);
		}

		@Override
		public void warn(String message) {
			lines.add(message);
		}

		boolean any(String part) {
			return lines.stream().anyMatch(l -> l.contains(part));
		}
	}

	private long parquetRows(Path out) {
		return spark.read().parquet(out.resolve("detections.parquet").toString()).count();
	}

	@Test
	void whatAnInterruptedRunLeavesNeverBlocksARerunNorCountsTwice() throws Exception {
		int answerable = ImageInputs.of(data).files.size() - 1;
		Detector.Options o = new Detector.Options();
		Path out = dir.resolve("leftovers");
		Path parquet = Files.createDirectories(out.resolve("detections.parquet"));
		Said first = new Said();
		DistributedDetection.Summary s = new DistributedDetection(spark, TaskHook.NONE).run(data.toString(), model.toString(), out.toString(), o, "auto", false, 3, first);
		assertEquals(answerable, s.detected, "an empty results folder (a driver killed before any task ended) reads as no results");
		assertEquals(answerable, parquetRows(out));

		// What a killed run leaves: a task's finished file below _temporary (as Hadoop's first commit algorithm keeps it), a truncated file.
		Path part;
		try (java.util.stream.Stream<Path> l = Files.list(parquet)) {
			part = l.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().get();
		}
		Path task = Files.createDirectories(parquet.resolve("_temporary/0/task_202612040000_0001_m_000000"));
		Files.copy(part, task.resolve(part.getFileName()));
		Files.write(parquet.resolve("part-00009-cut.snappy.parquet"), java.util.Arrays.copyOf(Files.readAllBytes(part), 40));
		Said rerun = new Said();
		DistributedDetection.Summary again = new DistributedDetection(spark, TaskHook.NONE).run(data.toString(), model.toString(), out.toString(), o, "auto", false, 3, rerun);
		assertTrue(rerun.any("Removed 1 uncommitted file(s)"), String.join("\n", rerun.lines));
		assertTrue(rerun.any("part-00009-cut.snappy.parquet (not readable as Parquet"), String.join("\n", rerun.lines));
		assertTrue(Files.exists(parquet.resolve("_damaged/part-00009-cut.snappy.parquet")), "the damaged file is kept aside, not deleted");
		assertFalse(Files.exists(parquet.resolve("_temporary")));
		assertEquals(answerable, again.skipped);
		assertEquals(answerable, parquetRows(out), "the temporary copy was not taken in: still one row per image");

		// A second model answers every image again, once; the first model's rows stay.
		Path other = dir.resolve("other-model.zip");
		var c = TinyNets.denseNet(1);
		c.seed = 99;
		new ModelTraining(c, Backends.onednn(), Progress.NONE, null).run(TinyNets.phantoms(dir.resolve("train2"), 4, 64, 1), other);
		DistributedDetection.Summary second = new DistributedDetection(spark, TaskHook.NONE).run(data.toString(), other.toString(), out.toString(), o, "auto", false, 3, Progress.NONE);
		assertEquals(0, second.skipped, "another model's answers are not this model's");
		assertEquals(2L * answerable, parquetRows(out));
		assertEquals(2L * answerable, spark.read().parquet(parquet.toString()).select("file", "model_sha256").distinct().count(), "one row per image and model");

		Path fileInTheWay = Files.createDirectories(dir.resolve("file-in-the-way"));
		Files.writeString(fileInTheWay.resolve("detections.parquet"), "not results");
		Said third = new Said();
		assertEquals(answerable, new DistributedDetection(spark, TaskHook.NONE).run(data.toString(), model.toString(), fileInTheWay.toString(), o, "auto", false, 3, third).detected);
		assertTrue(third.any("was a file, not a folder of results"), String.join("\n", third.lines));
	}

	@Test
	void everyFileIsLookedAtAndOnlyImagesAreDetected() throws Exception {
		Path folder = Files.createDirectories(dir.resolve("pacs-export"));
		Files.copy(ImageInputs.of(data.resolve("Normal")).files.get(0), folder.resolve("a.png"));
		// A PACS export names DICOM files by number; its index file is no image.
		Files.copy(Path.of(getClass().getResource("/dicom/xray").toURI()), folder.resolve("IM000001"));
		Files.writeString(folder.resolve("DICOMDIR.txt"), "an index, no image");
		Path out = dir.resolve("pacs-out");
		Said said = new Said();
		DistributedDetection.Summary s = new DistributedDetection(spark, TaskHook.NONE)
			.run(folder.toString(), model.toString(), out.toString(), new Detector.Options(), "auto", false, 2, said);
		assertEquals(3, s.listed);
		assertEquals(2, s.detected, "the PNG and the extensionless DICOM: " + s);
		assertEquals(1, s.notImages);
		assertTrue(said.any("1 file(s) not used") && said.any("DICOMDIR.txt"), String.join("\n", said.lines));
		Map<String, CSVRecord> rows = csv(out.resolve("detections.csv"));
		assertEquals(2, rows.size(), rows.keySet().toString());
		assertTrue(rows.get(key(folder.resolve("IM000001"))).get("p_fracture").length() > 0);
	}
}
