package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Dataset;
import io.github.bonefracture.data.DatasetScanner;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Synthetic images in k-fold: each fold's generator learns from that fold's training images, by file, and never from its test fold. */
class SyntheticTrainingTest {

	@TempDir
	Path dir;

	static TrainingConfig withSynthetic() {
		TrainingConfig c = TinyNets.baseline(1);
		c.syntheticPerClass = 3;
		c.generator.imageSize = 16;
		c.generator.epochs = 1;
		c.generator.width = 4;
		return c;
	}

	@Test
	void eachFoldsGeneratorLearnsFromItsTrainingImagesOnly() throws Exception {
		Path data = TinyNets.phantoms(dir.resolve("data"), 6, 64, 1);
		TrainingConfig c = withSynthetic();
		Dataset ds = new DatasetScanner().scan(data);
		LoadedImages all = LoadedImages.load(ds.samples(), c.architecture.preprocessing(c), Progress.NONE);
		Trainer trainer = new Trainer(c, TestBackends.onednn(), Progress.NONE, null);
		ComputationGraph start = trainer.startingNetwork();
		int[] fold = Splits.stratifiedFolds(all.targets(), 3, 42);
		// With one validation split (inner_folds 0) the model and its generator leave it out; with inner folds they train on every training image.
		for (int inner : new int[] {0, 2})
		for (int f = 0; f < 3; f++) {
			c.innerFolds = inner;
			FoldOutcome o = FoldWork.run(c, all, trainer, start, fold, f);
			Set<String> learned = new HashSet<>(Arrays.asList(o.generatorImages));
			Set<String> test = Arrays.stream(o.testIdx).mapToObj(i -> ds.samples().get(i).path().toString()).collect(Collectors.toSet());
			int[] trainIdx = Splits.where(fold, f, false);
			LoadedImages train = all.subset(trainIdx);
			int[][] split = Splits.groupedHoldout(train.targets(), train.groups(), c.validationFraction, c.validationSeed);
			Set<String> fitted = Arrays.stream(inner == 0 ? split[0] : java.util.stream.IntStream.range(0, train.size()).toArray()).mapToObj(i -> train.samples().get(i).path().toString()).collect(Collectors.toSet());
			Set<String> validation = Arrays.stream(split[1]).mapToObj(i -> train.samples().get(i).path().toString()).collect(Collectors.toSet());
			assertEquals(fitted, learned, "fold " + (f + 1) + ": the generator learned from exactly the images the network trains on");
			assertTrue(learned.stream().noneMatch(test::contains), "fold " + (f + 1) + ": a test image reached the generator");
			if (inner == 0) assertTrue(learned.stream().noneMatch(validation::contains), "fold " + (f + 1) + ": a validation image reached the generator");
			assertEquals(4, test.size());
		}
	}

	@Test
	void theEvaluatorRefusesAFoldWhoseGeneratorSawATestImageAndReportsTheCheck() throws Exception {
		Path data = TinyNets.phantoms(dir.resolve("data"), 6, 64, 1);
		Dataset ds = new DatasetScanner().scan(data);
		String testImage = ds.samples().get(0).path().toString();
		FoldOutcome leaking = new FoldOutcome(new int[] {0}, new double[] {0.5}, new double[] {0.5}, new Decision(Calibration.none(), 0.5, "fixed"), 1, new String[] {testImage}, new double[0], Map.of());
		Exception e = assertThrows(IllegalStateException.class, () -> SyntheticTraining.checkNoTestImageLearned(ds.samples(), List.of(leaking)));
		assertTrue(e.getMessage().contains(testImage), e.getMessage());

		Path out = dir.resolve("kfold");
		new KFoldEvaluator(3, 42, TestBackends.onednn(), Progress.NONE).run(data, List.of(withSynthetic()), out);
		JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonArray().get(0).getAsJsonObject();
		JsonObject synthetic = summary.getAsJsonObject("synthetic");
		assertEquals(3, synthetic.get("perClass").getAsInt());
		assertEquals(3, synthetic.get("generatorsCheckedForTestImages").getAsInt());
		assertTrue(synthetic.get("generator").getAsString().contains("never on its test fold"));
	}
}
