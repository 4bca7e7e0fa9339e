package io.github.bonefracture.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.cli.Main;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.TinyNets;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.engine.ModelTraining;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The spark-submit entry point as a user calls it: the declared options, a grid file, exit codes. */
class SparkMainTest {

	@TempDir
	Path dir;

	@AfterAll
	static void stop() {
		SparkSession.active().stop();
	}

	@Test
	void detectAndKFoldFromTheCommandLine() throws Exception {
		Path data = TinyNets.phantoms(dir.resolve("data"), 4, 64, 1);
		Path model = dir.resolve("model.zip");
		new ModelTraining(TinyNets.baseline(1), Backends.dl4j(), Progress.NONE, null).run(data, model);
		Path out = dir.resolve("out");
		assertEquals(0, Main.run(new SparkMain(), "detect", "--master", "local[2]", "-i", data.toString(), "-m", model.toString(), "-o", out.toString(),
			"-t", "0.3", "--no-heatmap"));
		List<String> csv = Files.readAllLines(out.resolve("detections.csv"));
		assertEquals(1 + 8, csv.size());
		assertTrue(csv.get(1).contains(",0.3,"), "the declared option -t reached the detector: " + csv.get(1));

		Path grid = Files.writeString(dir.resolve("grid.txt"), "# a second setting\n--lr1 0.003 --seed 7\n");
		Path kf = dir.resolve("kfold");
		assertEquals(0, Main.run(new SparkMain(), "eval-w-kfold", "--master", "local[2]", "-i", data.toString(), "-k", "2", "-a", "baseline-cnn",
			"--weights", "random", "--epochs1", "1", "--epochs2", "0", "--grid", grid.toString(), "-o", kf.toString()));
		List<String> folds = Files.readAllLines(kf.resolve("folds.csv"));
		assertEquals(1 + 2 * 2, folds.size(), "two settings of two folds");
		assertTrue(folds.get(3).startsWith("baseline-cnn,random,2,1,"), folds.get(3));

		String bad = Files.writeString(dir.resolve("bad.zip"), "no model").toString();
		assertEquals(Main.BAD_INPUT, Main.run(new SparkMain(), "detect", "--master", "local[2]", "-i", data.toString(), "-m", bad, "-o", dir.resolve("o2").toString()));
		// --verbose as the command line takes it, before or after the job's name (a usage error would be exit 2).
		assertEquals(Main.BAD_INPUT, Main.run(new SparkMain(), "--verbose", "detect", "--master", "local[2]", "-i", data.toString(), "-m", bad, "-o", dir.resolve("o3").toString()));
		assertEquals(Main.BAD_INPUT, Main.run(new SparkMain(), "detect", "--master", "local[2]", "-i", data.toString(), "-m", bad, "-o", dir.resolve("o4").toString(), "--verbose"));
	}

	@Test
	void aGridLineIsOptionsOverTheCommandsOwn() throws Exception {
		Path grid = Files.writeString(dir.resolve("grid.txt"), "--lr1 0.003 --training-seed 7\n\n# none\n--epochs1 3\n");
		List<TrainingConfig> c = SparkKFoldCommand.grid(grid, List.of("-i", "/data", "--epochs1", "9", "--grid", grid.toString()));
		assertEquals(2, c.size());
		assertEquals(0.003, c.get(0).phase1LearningRate, 0);
		assertEquals(7, c.get(0).seed);
		assertEquals(9, c.get(0).phase1Epochs, "the command's own options hold where the line says nothing");
		assertEquals(3, c.get(1).phase1Epochs);
		assertEquals(TrainingConfig.reference().seed, c.get(1).seed);
	}
}
