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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The driver of a real Spark job killed (SIGKILL) at several moments and the
 * job submitted again, as a scheduler's preemption or a closed laptop would
 * do it. The driver runs in a child JVM on a local-cluster master: a master
 * and two workers in the driver's JVM, each executor a JVM of its own, as on
 * a standalone cluster. Checked: every image answered exactly once in the
 * Parquet output with the P of local detection, and a k-fold rerun trains
 * only the folds the killed run had not finished and writes the same files
 * as a run that was never interrupted.
 */
class DriverKillTest {

	private static final String MASTER = "local-cluster[2,1,1024]";

	@TempDir
	static Path dir;
	static Path data, model;
	static SparkSession spark;

	@BeforeAll
	static void start() throws Exception {
		data = TinyNets.phantoms(dir.resolve("data"), 6, 64, 1);
		model = dir.resolve("model.zip");
		new ModelTraining(TinyNets.denseNet(1), Backends.onednn(), Progress.NONE, null).run(TinyNets.phantoms(dir.resolve("train"), 4, 64, 1), model);
	}

	@AfterAll
	static void stop() {
		if (spark != null) spark.stop();
	}

	@Test
	void detectionKilledBeforeAnyCommitDuringTheFirstRunAndDuringALaterOneAnswersEveryImageOnce() throws Exception {
		Path out = dir.resolve("detect-out"), parquet = out.resolve(DistributedDetection.PARQUET);
		int images = ImageInputs.of(data).files.size();

		Path s1 = signals("d1");
		killWhen(detect(s1, 0, out), () -> new File(s1.toFile(), "started-0-0").exists(), "a task started");
		assertEquals(0, committed(parquet), "killed before any task committed");

		Path s2 = signals("d2");
		killWhen(detect(s2, 2, out), () -> committed(parquet) == 2, "two tasks committed");
		Path s3 = signals("d3");
		killWhen(detect(s3, 2, out), () -> committed(parquet) == 4, "two more tasks committed");

		String log = finish(detect(signals("d4"), -1, out));
		// 12 images in 6 tasks: the two killed runs committed 4 + 2 (8 left, in 6 tasks of 1, 1, 2, 1, 1, 2).
		assertTrue(log.contains("SUMMARY 6 6 0"), "6 answered before, 6 detected now:\n" + log);

		spark = LocalSpark.start();
		List<Row> rows = spark.read().parquet(parquet.toString()).collectAsList();
		assertEquals(images, rows.size(), "exactly one Parquet row per image");
		assertEquals(images, rows.stream().map(r -> r.getAs("file")).distinct().count());
		assertFalse(Files.exists(parquet.resolve("_temporary")), "the killed runs' temporaries are gone");
		Map<String, Double> p = new HashMap<>();
		for (Row r : rows) p.put(r.getAs("file"), r.getAs("p_fracture"));
		Map<String, CSVRecord> csv = csv(out.resolve("detections.csv"));
		assertEquals(images, csv.size(), "one CSV row per image");
		try (Detector local = Detector.load(model, Backends.choose("auto", Progress.NONE))) {
			for (Detector.FileResult r : local.detectFiles(ImageInputs.of(data).files, new Detector.Options(), Progress.NONE)) {
				String key = "file:" + r.file.toAbsolutePath();
				assertEquals(r.prediction.probability, p.get(key), 1e-6, key);
				assertEquals(r.prediction.probability, Double.parseDouble(csv.get(key).get("p_fracture")), 1e-6, key);
			}
		}
	}

	@Test
	void kFoldKilledAfterOneFoldReusesItAndWritesWhatAnUninterruptedRunWrites() throws Exception {
		Path out = dir.resolve("kfold-out"), local = dir.resolve("kfold-local");
		Path s1 = signals("k1");
		killWhen(kfold(s1, 1, out), () -> stored(out) == 1, "one fold stored");
		assertFalse(Files.exists(out.resolve("folds.csv")), "the killed run wrote no figures");

		Path s2 = signals("k2");
		finish(kfold(s2, -1, out));
		try (Stream<Path> started = Files.list(s2)) {
			assertEquals(List.of("started-1-0", "started-2-0"), started.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList()),
				"the rerun trained only the two folds the killed run had not stored");
		}
		// The run that was never interrupted, without Spark in a JVM of its own at the executors' thread count (Spark sets
		// OMP_NUM_THREADS to an executor's cores, here 1): the same model only at the same thread count (docs/spark.md).
		finish(driver("kfold-here", Map.of("OMP_NUM_THREADS", "1"), data.toString(), local.toString()));
		for (String file : new String[] {"folds.csv", "predictions.csv", "reliability.csv"})
			assertEquals(Files.readString(local.resolve(file)), Files.readString(out.resolve(file)), file + " as an uninterrupted run's");
		assertEquals(summaryBesidesWhere(local), summaryBesidesWhere(out), "summary.json as an uninterrupted run's but for where the folds trained");
	}

	private static com.google.gson.JsonArray summaryBesidesWhere(Path kfold) throws Exception {
		com.google.gson.JsonArray a = com.google.gson.JsonParser.parseString(Files.readString(kfold.resolve("summary.json"))).getAsJsonArray();
		for (com.google.gson.JsonElement e : a)
			assertNotNull(e.getAsJsonObject().getAsJsonObject("run").remove("trainedBy"), "summary.json says where the folds trained");
		return a;
	}

	private static Path signals(String name) throws Exception {
		return Files.createDirectories(dir.resolve("signals-" + name));
	}

	private static Driver detect(Path signals, int blockFrom, Path out) throws Exception {
		return driver("detect", Map.of(), MASTER, Integer.toString(blockFrom), signals.toString(), data.toString(), model.toString(), out.toString(), "6");
	}

	private static Driver kfold(Path signals, int blockFrom, Path out) throws Exception {
		return driver("kfold", Map.of(), MASTER, Integer.toString(blockFrom), signals.toString(), data.toString(), out.toString());
	}

	/**
	 * The driver JVM, with this JVM's class path, system properties and module options and these further environment
	 * variables; local-cluster's workers find Spark on that class path.
	 */
	private static Driver driver(String job, Map<String, String> env, String... args) throws Exception {
		List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
			if (a.startsWith("--add-opens") || (a.startsWith("-D") && !a.startsWith("-Dspark"))) cmd.add(a);
		cmd.add("-Xmx1g");
		Path sparkHome = Files.createDirectories(dir.resolve("spark-home"));
		cmd.add("-Dspark.testing=true");
		cmd.add("-Dspark.test.home=" + sparkHome);
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(KillableDriver.class.getName());
		cmd.add(job);
		cmd.addAll(List.of(args));
		Path log = dir.resolve("driver-" + job + "-" + System.nanoTime() + ".log");
		ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
		// What Spark's scripts set for a worker: where Spark lives (its jars are on the class path here) and its Scala version.
		b.environment().put("SPARK_HOME", sparkHome.toString());
		b.environment().put("SPARK_SCALA_VERSION", "2.13");
		b.environment().put("SPARK_TESTING", "1");
		b.environment().putAll(env);
		return new Driver(b.start(), log);
	}

	/** A driver JVM and the file its output goes to. */
	private static final class Driver {
		final Process process;
		final Path log;

		Driver(Process process, Path log) {
			this.process = process;
			this.log = log;
		}

		String log() throws java.io.IOException {
			return Files.readString(log);
		}
	}

	/** SIGKILL to the driver (and its executors, whose workers die with it) once the condition holds. */
	private static void killWhen(Driver d, BooleanSupplier condition, String moment) throws Exception {
		Process p = d.process;
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
		try {
			while (!condition.getAsBoolean()) {
				if (!p.isAlive()) fail("the driver ended before " + moment + ":\n" + d.log());
				assertTrue(System.nanoTime() < deadline, "no " + moment + " within 3 minutes:\n" + d.log());
				Thread.sleep(20);
			}
		} finally {
			List<ProcessHandle> executors = p.descendants().collect(Collectors.toList());
			p.destroyForcibly();
			executors.forEach(ProcessHandle::destroyForcibly);
			p.waitFor();
		}
	}

	private static String finish(Driver d) throws Exception {
		if (!d.process.waitFor(5, TimeUnit.MINUTES)) {
			d.process.descendants().forEach(ProcessHandle::destroyForcibly);
			d.process.destroyForcibly();
			fail("the driver did not finish within 5 minutes:\n" + d.log());
		}
		assertEquals(0, d.process.exitValue(), d.log());
		return d.log();
	}

	private static long committed(Path parquet) {
		if (!Files.isDirectory(parquet)) return 0;
		try (Stream<Path> s = Files.list(parquet)) {
			return s.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith("_") && !n.startsWith(".")).count();
		} catch (java.io.IOException e) {
			return 0;
		}
	}

	private static long stored(Path out) {
		Path store = out.resolve(DistributedKFold.STORE);
		if (!Files.isDirectory(store)) return 0;
		try (Stream<Path> s = Files.walk(store)) {
			return s.filter(f -> f.getFileName().toString().matches("fold-task-\\d+\\.json")).count();
		} catch (java.io.IOException e) {
			return 0;
		}
	}

	private static Map<String, CSVRecord> csv(Path file) throws Exception {
		Map<String, CSVRecord> m = new HashMap<>();
		try (Reader r = Files.newBufferedReader(file)) {
			for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) m.put(rec.get("file"), rec);
		}
		return m;
	}
}
