package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.CanceledException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.DatasetScanner;
import io.github.bonefracture.nets.DenseNet121;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

class TrainerTest {

	@TempDir
	Path dir;

	static final String FIXTURE = Paths.get("src/test/resources/fixtures/tiny_densenet.h5").toString();

	private LoadedImages load(Path data, TrainingConfig c) {
		return LoadedImages.load(new DatasetScanner().scan(data).samples(), c.architecture.preprocessing(c), Progress.NONE);
	}

	/** Starts the tiny DenseNet from the torchvision fixture as its "ImageNet" weights. */
	private static void fromFixture(TrainingConfig c) {
		c.weights = TrainingConfig.WeightSource.IMAGENET;
		c.weightsFile = FIXTURE;
	}

	/** Seeded: a tiny DenseNet on tiny phantoms learns; the loss falls and held-out accuracy is well above chance. */
	@Test
	void learnsTinyPhantoms() {
		TrainingConfig c = TinyNets.denseNet(25);
		c.phase1LearningRate = 1e-3;
		// The tiny net has 38 pooled features: dropping a fifth of them makes 25 epochs a lottery (seeds 1-4
		// ended at training loss 0.20-0.66 on either path).
		c.dropout = 0;
		// From random weights, BatchNorm's moving statistics lag the weights: validation swings from epoch
		// to epoch on either path. Patience beyond the run keeps the best epoch's model without stopping.
		c.earlyStoppingPatience = 100;
		LoadedImages all = load(TinyNets.phantoms(dir, 100, 64, 3), c);
		int[][] split = Splits.stratifiedHoldout(all.targets(), 0.2, 123);
		Trainer t = new Trainer(c, TestBackends.onednn(), Progress.NONE, null);
		Trainer.Result r = t.train(t.startingNetwork(), all.subset(split[0]), all.subset(split[1]));
		assertEquals(25, r.history.size());
		double first = r.history.get(0).trainLoss;
		double last = r.history.subList(22, 25).stream().mapToDouble(s -> s.trainLoss).average().orElseThrow();
		assertTrue(last < first - 0.2, "training loss " + first + " -> " + last);
		assertTrue(r.validation.accuracy >= 0.75, "held-out accuracy " + r.validation.accuracy);
		assertTrue(r.validation.auc >= 0.8, "held-out AUC " + r.validation.auc);
	}

	@Test
	void sameSeedSameModel() {
		TrainingConfig c = TinyNets.denseNet(2);
		c.augmentRotation = 0.1;
		c.augmentZoom = 0.2;
		LoadedImages all = load(TinyNets.phantoms(dir, 6, 64, 1), c);
		INDArray a = new Trainer(c, TestBackends.onednn(), Progress.NONE, null).train(new Trainer(c, TestBackends.onednn(), Progress.NONE, null).startingNetwork(), all, null).network.params();
		INDArray b = new Trainer(c, TestBackends.onednn(), Progress.NONE, null).train(new Trainer(c, TestBackends.onednn(), Progress.NONE, null).startingNetwork(), all, null).network.params();
		assertEquals(a, b);
		c.seed = 43;
		INDArray other = new Trainer(c, TestBackends.onednn(), Progress.NONE, null).train(new Trainer(c, TestBackends.onednn(), Progress.NONE, null).startingNetwork(), all, null).network.params();
		assertNotEquals(a, other);
	}

	/** Phase 1 leaves the pretrained base untouched; phase 2 trains it with BatchNorm in inference mode. */
	@Test
	void phasesFreezeWhatTheReferenceFreezes() {
		TrainingConfig c = TinyNets.denseNet(1);
		fromFixture(c);
		c.phase2Epochs = 1;
		c.phase2LearningRate = 1e-3;
		c.dropout = 0;
		Trainer t = new Trainer(c, TestBackends.onednn(), Progress.NONE, null);
		ComputationGraph net = t.startingNetwork();
		INDArray conv = net.getLayer("conv1/conv").getParam("W").dup();
		INDArray head = net.getLayer(DenseNet121.OUTPUT).getParam("W").dup();
		LoadedImages imgs = load(TinyNets.phantoms(dir, 6, 64, 1), c);
		t.train(net, imgs, null, 1, 0, "");
		assertEquals(conv, net.getLayer("conv1/conv").getParam("W"), "phase 1 changed the frozen base");
		assertNotEquals(head, net.getLayer(DenseNet121.OUTPUT).getParam("W"), "phase 1 did not train the head");

		ComputationGraph p2 = Networks.phase(net, 1e-3, true);
		Nd4j.getRandom().setSeed(11);
		INDArray x = Nd4j.rand(4, 3, 64, 64);
		// Without dropout, the fine-tuning graph in training mode computes what the network computes at inference.
		INDArray inference = net.outputSingle(false, x), training = p2.outputSingle(true, x);
		double diff = inference.sub(training).amaxNumber().doubleValue();
		assertTrue(diff < 1e-5, "BatchNorm must use its moving statistics while fine-tuning: outputs differ by " + diff);
		INDArray bnBefore = p2.getLayer("conv2_block1_0_bn").params().dup();
		INDArray convBefore = p2.getLayer("conv2_block1_1_conv").params().dup();
		MultiDataSet batch = new MultiDataSet(new INDArray[] {x}, new INDArray[] {Nd4j.ones(4, 1)});
		double before = p2.score(batch, false);
		for (int i = 0; i < 5; i++) p2.fit(batch);
		assertEquals(bnBefore, p2.getLayer("conv2_block1_0_bn").params(), "BatchNorm changed in phase 2");
		assertNotEquals(convBefore, p2.getLayer("conv2_block1_1_conv").params(), "phase 2 did not train the base");
		assertTrue(p2.score(batch, false) < before, "fine-tuning steps must lower the loss on their batch");
	}

	/** Fine-tuning through frozen BatchNorm gets the true gradient: analytic matches finite differences. */
	@Test
	void frozenBatchNormPassesTheTrueGradient() {
		TrainingConfig c = TinyNets.denseNet(1);
		fromFixture(c);
		c.dropout = 0;
		ComputationGraph p2 = Networks.phase(new Trainer(c, TestBackends.onednn(), Progress.NONE, null).startingNetwork(), 1e-3, true);
		Nd4j.getRandom().setSeed(3);
		INDArray x = Nd4j.rand(4, 3, 64, 64);
		MultiDataSet batch = new MultiDataSet(new INDArray[] {x}, new INDArray[] {Nd4j.create(new float[] {1, 0, 1, 0}, new long[] {4, 1}, 'c')});
		int checked = 0;
		for (String layer : new String[] {DenseNet121.OUTPUT, "conv5_block2_2_conv", "conv2_block1_1_conv"}) {
			p2.setInputs(x);
			p2.setLabels(batch.getLabels(0));
			p2.computeGradientAndScore();
			// DL4J's gradient is summed over the batch; the score is the batch mean.
			INDArray analytic = p2.gradient().getGradientFor(layer + "_W").dup().reshape(-1).divi(4);
			INDArray flat = p2.getLayer(layer).getParam("W").reshape(-1);
			// Small steps: a larger one crosses ReLU kinks in the last block.
			double h = 5e-4;
			for (long i : largest(analytic, 5)) {
				double orig = flat.getDouble(i);
				flat.putScalar(i, orig + h);
				double up = p2.score(batch, true);
				flat.putScalar(i, orig - h);
				double down = p2.score(batch, true);
				flat.putScalar(i, orig);
				double numeric = (up - down) / (2 * h);
				assertEquals(analytic.getDouble(i), numeric, 0.05 * Math.abs(analytic.getDouble(i)) + 2e-4, layer + " W[" + i + "]");
				checked++;
			}
		}
		assertEquals(15, checked);
	}

	private static long[] largest(INDArray v, int n) {
		double[] a = v.toDoubleVector();
		return java.util.stream.IntStream.range(0, a.length).boxed()
			.sorted((i, j) -> Double.compare(Math.abs(a[j]), Math.abs(a[i]))).limit(n).mapToLong(Integer::longValue).toArray();
	}

	/** Phase 1 on reused base features is the same training as phase 1 through the frozen network. */
	@Test
	void reusedBaseFeaturesTrainTheSameHead() {
		TrainingConfig c = TinyNets.denseNet(3);
		fromFixture(c);
		c.dropout = 0;
		c.augmentFlip = false;
		c.augmentBrightness = 0;
		LoadedImages imgs = load(TinyNets.phantoms(dir, 6, 64, 1), c);
		LoadedImages val = imgs.subset(new int[] {0, 1, 10, 11});
		Trainer plain = new Trainer(c, TestBackends.onednn(), Progress.NONE, null);
		Trainer.Result a = plain.train(plain.startingNetwork(), imgs, val);
		TrainingConfig r = c.copy();
		r.reuseBaseFeatures = true;
		Trainer reuse = new Trainer(r, TestBackends.onednn(), Progress.NONE, null);
		Trainer.Result b = reuse.train(reuse.startingNetwork(), imgs, val);
		assertEquals(3, b.history.size());
		for (int e = 0; e < 3; e++) {
			assertEquals(a.history.get(e).trainLoss, b.history.get(e).trainLoss, 1e-4, "epoch " + (e + 1));
			assertEquals(a.history.get(e).valLoss, b.history.get(e).valLoss, 1e-4, "epoch " + (e + 1));
		}
		assertEquals(a.network.getLayer("conv1/conv").params(), b.network.getLayer("conv1/conv").params());
		assertTrue(a.network.getLayer(DenseNet121.OUTPUT).params().equalsWithEps(b.network.getLayer(DenseNet121.OUTPUT).params(), 1e-4));
		assertTrue(b.history.get(0).phase.contains("features reused"));

		TrainingConfig bad = r.copy();
		bad.augmentFlip = true;
		assertThrows(io.github.bonefracture.core.InvalidInputException.class, () -> io.github.bonefracture.options.Options.checkTraining(bad), "the declaration refuses reuse with augmentation");
	}

	/** Phase 1 with the base on oneDNN (augmentation on) trains the head as DL4J's frozen graph does. */
	@Test
	void frozenBaseOnOneDnnTrainsAsDl4jDoes() {
		TrainingConfig c = TinyNets.denseNet(3);
		fromFixture(c);
		c.dropout = 0;
		c.augmentBrightness = 0.3;
		LoadedImages imgs = load(TinyNets.phantoms(dir, 6, 64, 1), c);
		LoadedImages val = imgs.subset(new int[] {0, 1, 10, 11});
		Trainer fast = new Trainer(c, TestBackends.onednn(), Progress.NONE, null);
		Trainer.Result a = fast.train(fast.startingNetwork(), imgs, val);
		Trainer reference = new Trainer(c, TestBackends.dl4j(), Progress.NONE, null);
		Trainer.Result b = reference.train(reference.startingNetwork(), imgs, val);
		for (int e = 0; e < 3; e++) {
			assertEquals(b.history.get(e).trainLoss, a.history.get(e).trainLoss, 1e-4, "epoch " + (e + 1));
			assertEquals(b.history.get(e).valLoss, a.history.get(e).valLoss, 1e-4, "epoch " + (e + 1));
		}
		assertTrue(b.network.getLayer(DenseNet121.OUTPUT).params().equalsWithEps(a.network.getLayer(DenseNet121.OUTPUT).params(), 1e-4));
		assertEquals(b.network.getLayer("conv2_block1_1_conv").params(), a.network.getLayer("conv2_block1_1_conv").params());
	}

	/** Fine-tuning the whole network on oneDNN (BatchNorm frozen) follows DL4J's fit epoch by epoch. */
	@Test
	void fineTuningOnOneDnnTrainsAsDl4jDoes() {
		TrainingConfig c = TinyNets.denseNet(0);
		fromFixture(c);
		c.phase2Epochs = 2;
		c.phase2LearningRate = 1e-4;
		c.batchSize = 5;
		c.dropout = 0;
		c.augmentFlip = false;
		c.augmentBrightness = 0;
		// Off: DL4J's fit does not weight per-example masks linearly (see OneDnnDenseNetTrainingTest).
		c.classWeights = false;
		LoadedImages imgs = load(TinyNets.phantoms(dir, 6, 64, 1), c);
		LoadedImages train = imgs.subset(new int[] {0, 1, 2, 3, 4, 6, 7, 8, 9});
		LoadedImages val = imgs.subset(new int[] {5, 10, 11});
		Trainer fast = new Trainer(c, TestBackends.onednn(), Progress.NONE, null);
		Trainer.Result a = fast.train(fast.startingNetwork(), train, val);
		Trainer reference = new Trainer(c, TestBackends.dl4j(), Progress.NONE, null);
		Trainer.Result b = reference.train(reference.startingNetwork(), train, val);
		assertEquals(2, a.history.size());
		for (int e = 0; e < 2; e++) {
			assertEquals(b.history.get(e).trainLoss, a.history.get(e).trainLoss, 1e-3, "epoch " + (e + 1));
			assertEquals(b.history.get(e).valLoss, a.history.get(e).valLoss, 1e-3, "epoch " + (e + 1));
			assertEquals(b.history.get(e).trainAccuracy, a.history.get(e).trainAccuracy, 1e-9, "epoch " + (e + 1));
		}
		assertNotEquals(a.history.get(0).trainLoss, a.history.get(1).trainLoss, "the network must learn");
		// BatchNorm stays frozen on both paths; the weights move alike.
		assertEquals(b.network.getLayer("conv1/bn").getParam("mean"), a.network.getLayer("conv1/bn").getParam("mean"));
		INDArray wa = a.network.getLayer("conv3_block1_1_conv").getParam("W"), wb = b.network.getLayer("conv3_block1_1_conv").getParam("W");
		assertTrue(wa.sub(wb).norm2Number().doubleValue() < 0.05 * wb.norm2Number().doubleValue(), "weights drifted apart");
	}

	@Test
	void cancelStopsWithinABatchAndLeavesTheOldModel() throws Exception {
		TrainingConfig c = TinyNets.denseNet(3);
		Path data = TinyNets.phantoms(dir.resolve("data"), 8, 64, 1);
		Path model = dir.resolve("out/model.zip");
		new ModelTraining(TinyNets.denseNet(1), TestBackends.onednn(), Progress.NONE, null).run(data, model);
		byte[] good = Files.readAllBytes(model);
		List<String> tasks = new ArrayList<>();
		Progress cancelAfterTwoBatches = new Progress() {
			@Override
			public void progress(String task, long done, long total) {
				if (task.contains("epoch")) tasks.add(task + " " + done);
			}

			@Override
			public boolean isCanceled() {
				return tasks.size() >= 2;
			}
		};
		assertThrows(CanceledException.class, () -> new ModelTraining(c, TestBackends.onednn(), cancelAfterTwoBatches, null).run(data, model));
		assertEquals(2, tasks.size(), "training went on after the cancel: " + tasks);
		assertArrayEquals(good, Files.readAllBytes(model));
		try (Stream<Path> s = Files.list(model.getParent())) {
			assertEquals(List.of("model.zip"), s.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
		}
	}

	@Test
	void earlyStoppingKeepsTheBestEpoch() {
		TrainingConfig c = TinyNets.denseNet(12);
		c.earlyStoppingPatience = 2;
		c.phase1LearningRate = 0.3; // diverges: validation loss soon rises
		LoadedImages all = load(TinyNets.phantoms(dir, 10, 64, 1), c);
		int[][] split = Splits.stratifiedHoldout(all.targets(), 0.3, 1);
		List<String> log = new ArrayList<>();
		Progress p = new Progress() {
			@Override
			public void info(String m) {
				log.add(m);
			}
		};
		Trainer t = new Trainer(c, TestBackends.onednn(), p, null);
		Trainer.Result r = t.train(t.startingNetwork(), all.subset(split[0]), all.subset(split[1]));
		assertTrue(r.history.size() < 12, "did not stop early: " + r.history.size());
		double best = r.history.stream().mapToDouble(s -> s.valLoss).min().orElseThrow();
		assertEquals(best, r.validation.loss, 1e-4, "the kept model is the best epoch's");
		assertTrue(log.stream().anyMatch(m -> m.startsWith("Kept the model of epoch")));
	}

	/** The reference's best variant: a round on a MURA tree (filtered to one study type) before the target data. */
	@Test
	void pretrainsOnAMuraTreeFirst() throws Exception {
		Path mura = dir.resolve("MURA-v1.1/train");
		io.github.bonefracture.phantom.PhantomGenerator g = new io.github.bonefracture.phantom.PhantomGenerator(9, 64, 64);
		for (int i = 0; i < 4; i++) {
			for (io.github.bonefracture.data.Label l : io.github.bonefracture.data.Label.values()) {
				Path study = mura.resolve("XR_HUMERUS/patient0000" + i + "/study1_" + (l == io.github.bonefracture.data.Label.FRACTURE ? "positive" : "negative"));
				Files.createDirectories(study);
				new ij.io.FileSaver(new ij.ImagePlus("x", g.generate(i, l).image.to8bit())).saveAsPng(study.resolve("image1.png").toString());
			}
		}
		io.github.bonefracture.TestImages.png(mura.resolve("XR_WRIST/patient00009/study1_positive/image1.png"), 64, 64, 1);
		List<String> log = new ArrayList<>();
		Progress p = new Progress() {
			@Override
			public void info(String m) {
				log.add(m);
			}
		};
		TrainingConfig c = TinyNets.denseNet(1);
		c.pretrainDir = mura.toString();
		c.pretrainPhase1Epochs = 1;
		c.pretrainPhase2Epochs = 0;
		ModelFile m = new ModelTraining(c, TestBackends.onednn(), p, null).run(TinyNets.phantoms(dir.resolve("target"), 4, 64, 1), dir.resolve("m.zip"));
		assertEquals(mura.toString(), m.metadata.dataset.pretrainRoot);
		assertNotNull(m.metadata.dataset.pretrainFileListSha256);
		int pre = -1, target = -1;
		for (int i = 0; i < log.size(); i++) {
			if (log.get(i).startsWith("Pretraining Phase 1 epoch 1/1") && pre < 0) pre = i;
			if (log.get(i).startsWith("Phase 1 epoch 1/1")) target = i;
		}
		assertTrue(pre >= 0 && target > pre, "pretraining must come first: " + log);
		assertTrue(log.stream().anyMatch(s -> s.contains("Pretraining on Dataset") && s.contains("Total     8")), log.toString());
	}

	@Test
	void classWeightsAreInverseFrequency() {
		TrainingConfig c = TinyNets.denseNet(1);
		c.classWeights = true;
		double[] w = new Trainer(c, TestBackends.onednn(), Progress.NONE, null).classWeights(new int[] {1, 0, 0, 0}).orElseThrow();
		assertEquals(4 / 6.0, w[0], 1e-12);
		assertEquals(2.0, w[1], 1e-12);
		c.classWeights = false;
		assertTrue(new Trainer(c, TestBackends.onednn(), Progress.NONE, null).classWeights(new int[] {1, 0}).isEmpty());
	}

	@Test
	void badSettingsAreClearErrors() {
		TrainingConfig c = TinyNets.denseNet(1);
		c.batchSize = 0;
		assertTrue(assertThrows(io.github.bonefracture.core.InvalidInputException.class, () -> io.github.bonefracture.options.Options.checkTraining(c)).getMessage().startsWith("Invalid value for batch_size: 0 is out of range"));
		TrainingConfig b = TinyNets.baseline(1);
		b.weights = TrainingConfig.WeightSource.IMAGENET;
		assertTrue(assertThrows(io.github.bonefracture.core.InvalidInputException.class, () -> new Trainer(b, TestBackends.onednn(), Progress.NONE, null).startingNetwork())
			.getMessage().contains("only for DenseNet121"));
	}
}
