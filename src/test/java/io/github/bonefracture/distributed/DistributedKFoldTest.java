package io.github.bonefracture.distributed;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.KFoldEvaluator;
import io.github.bonefracture.engine.KFoldResult;
import io.github.bonefracture.engine.Metrics;
import io.github.bonefracture.engine.TinyNets;
import io.github.bonefracture.engine.TrainingConfig;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * K-fold with every fold a Spark task (local mode, two worker threads):
 * the same folds, probabilities and files as the run in this process, two
 * settings of a grid at once, and a fold task that fails once retried.
 */
class DistributedKFoldTest {

	@TempDir
	static Path dir;
	static SparkSession spark;

	@BeforeAll
	static void start() {
		spark = LocalSpark.start();
	}

	@AfterAll
	static void stop() {
		if (spark != null) spark.stop();
	}

	@Test
	void everyFoldAsInALocalRun() throws Exception {
		Path data = TinyNets.phantoms(dir.resolve("data"), 6, 64, 1);
		TrainingConfig a = TinyNets.baseline(2), b = TinyNets.baseline(2);
		b.phase1LearningRate = 3e-3;
		b.seed = 7;
		List<TrainingConfig> grid = List.of(a, b);
		Path localOut = dir.resolve("local"), sparkOut = dir.resolve("spark");
		Files.createDirectories(localOut);
		Files.createDirectories(sparkOut);
		List<KFoldResult> local = new KFoldEvaluator(3, 42, 2, Backends.dl4j(), Progress.NONE).run(data, grid, localOut);
		DistributedKFold remote = new DistributedKFold(JavaSparkContext.fromSparkContext(spark.sparkContext()), "dl4j",
			FailOnce.at(dir.resolve("failed-once").toString()), sparkOut.resolve(DistributedKFold.STORE), Progress.NONE);
		List<KFoldResult> distributed = new KFoldEvaluator(3, 42, 2, Backends.dl4j(), Progress.NONE).run(data, grid, sparkOut, remote);
		assertTrue(Files.exists(dir.resolve("failed-once")), "a fold task failed once and was retried");

		assertEquals(4, local.size(), "two settings, two repeats");
		assertEquals(local.size(), distributed.size());
		for (int i = 0; i < local.size(); i++) {
			KFoldResult l = local.get(i), d = distributed.get(i);
			assertEquals(l.settings, d.settings);
			assertEquals(l.repeat, d.repeat);
			assertArrayEquals(l.fold, d.fold, "the same folds");
			assertArrayEquals(l.oof, d.oof, 1e-9, "the same out-of-fold probabilities");
			for (int f = 0; f < l.folds.size(); f++) {
				Metrics x = l.folds.get(f), y = d.folds.get(f);
				assertEquals(x.fields(), y.fields(), "fold " + (f + 1) + " of result " + i);
			}
		}
		for (String file : new String[] {"folds.csv", "predictions.csv", "reliability.csv"})
			assertEquals(Files.readString(localOut.resolve(file)), Files.readString(sparkOut.resolve(file)), file);
		assertNotEquals(local.get(0).oof[0], local.get(1).oof[0], "the grid's two settings train different models");
	}
}
