package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.prediction.Prediction;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers a model can stand behind: conformal prediction sets that cover at
 * their rate, a description of the training data that flags what is unlike
 * it without touching P, and older model files that say what they lack.
 */
class AnswersTest {

	@TempDir
	Path dir;

	/** Held-out scores and new images drawn alike: the sets hold the true class at least 1 - alpha of the time, not much more. */
	@Test
	void conformalSetsCoverAtTheirRate() {
		Random r = new Random(5);
		int n = 499;
		double[] p = new double[n];
		int[] y = new int[n];
		for (int i = 0; i < n; i++) {
			y[i] = r.nextInt(2);
			p[i] = probability(r, y[i]);
		}
		ConformalSets c = ConformalSets.fit(p, y);
		for (double alpha : new double[] {0.05, 0.1, 0.2}) {
			int covered = 0, uncertain = 0, m = 20_000;
			for (int i = 0; i < m; i++) {
				int t = r.nextInt(2);
				java.util.Set<Label> s = c.set(probability(r, t), alpha);
				if (s.contains(Label.ofTarget(t))) covered++;
				if (s.size() != 1) uncertain++;
			}
			double coverage = covered / (double) m;
			// Split conformal's guarantee: at least 1 - alpha, and at most 1 - alpha + 1 / (n + 1), give or take sampling error.
			assertTrue(coverage >= 1 - alpha - 0.01 && coverage <= 1 - alpha + 1.0 / (n + 1) + 0.01, "alpha " + alpha + ": coverage " + coverage);
			assertTrue(uncertain > 0 && uncertain < m, "alpha " + alpha + ": some answers uncertain, not all (" + uncertain + ")");
		}
		assertEquals(EnumSet.of(Label.FRACTURE), c.set(0.999, 0.1));
		assertEquals(EnumSet.of(Label.NORMAL), c.set(0.001, 0.1));
		// Too few held-out images for the rate: every set holds both classes, which says "Uncertain".
		ConformalSets few = ConformalSets.fit(new double[] {0.9, 0.1, 0.8}, new int[] {1, 0, 1});
		assertEquals(EnumSet.allOf(Label.class), few.set(0.999, 0.1));
		assertEquals(9, ConformalSets.needed(0.1));
		assertEquals(Prediction.UNCERTAIN, new Prediction(0.999, 0.5, null, Double.NaN, false, few.set(0.999, 0.1)).answer());
	}

	/** A class's P: overlapping beta-like draws, so that some images are hard. */
	private static double probability(Random r, int y) {
		double z = (y == 1 ? 1.2 : -1.2) + r.nextGaussian() * 1.5;
		return 1 / (1 + Math.exp(-z));
	}

	@Test
	void theDescriptionFlagsWhatIsFarFromBothClasses() {
		Random r = new Random(9);
		int d = 16;
		double[][] train = new double[200][], held = new double[100][];
		int[] y = new int[200];
		for (int i = 0; i < 200; i++) {
			y[i] = i % 2;
			train[i] = point(r, d, y[i]);
		}
		for (int i = 0; i < 100; i++) held[i] = point(r, d, i % 2);
		TrainingDistribution t = TrainingDistribution.fit(train, y, held);
		assertTrue(t.damage(d).isEmpty());
		int flagged = 0, m = 2000;
		for (int i = 0; i < m; i++) if (t.outside(t.score(point(r, d, i % 2)))) flagged++;
		// The cut-off is the 95th percentile of 100 held-out points: about 5% of new ones beyond it, give or take sampling.
		assertTrue(flagged < 0.10 * m, "new images like the training data flagged: " + flagged + " of " + m);
		double[] far = point(r, d, 0);
		for (int j = 0; j < d; j++) far[j] += 6;
		assertTrue(t.outside(t.score(far)), "an image far from both classes is flagged (score " + t.score(far) + ", cut-off " + t.cutoff + ")");
		assertFalse(t.outside(t.score(t.classMeans[1])), "a class mean is inside");
		t.precision[3 * d + 3] = -1;
		assertTrue(t.damage(d).isPresent(), "a damaged description is refused");
		assertTrue(TrainingDistribution.fit(train, y, held).damage(d + 1).isPresent(), "and one for another network");
	}

	private static double[] point(Random r, int d, int cls) {
		double[] v = new double[d];
		for (int j = 0; j < d; j++) v[j] = (cls == 1 && j < d / 2 ? 2 : 0) + r.nextGaussian();
		return v;
	}

	/**
	 * Train Model stores both; detection flags a flat grey page and a noise
	 * image as unlike the phantoms it was trained on, and the flag and the
	 * set never change P(fracture).
	 */
	@Test
	void trainModelStoresThemAndTheyNeverChangeP() throws Exception {
		TrainingConfig c = TinyNets.denseNet(2);
		c.innerFolds = 5;
		Path data = TinyNets.phantoms(dir.resolve("data"), 10, 64, 1);
		ModelFile m = new ModelTraining(c, TestBackends.onednn(), Progress.NONE, null).run(data, dir.resolve("m.zip"));
		ModelFile back = ModelFile.load(dir.resolve("m.zip"));
		assertNotNull(back.metadata.inDistribution, "the model file describes its training data");
		assertNotNull(back.metadata.conformal, "and carries conformal scores");
		assertEquals(20, back.metadata.conformal.scores.length, "one per training image: the inner cross-validation holds out each once");
		assertEquals(20, back.metadata.inDistribution.heldOutImages);
		assertTrue(back.metadata.inDistribution.cutoffFrom.contains("inner cross-validation"), back.metadata.inDistribution.cutoffFrom);
		ModelFile bare = ModelFile.load(dir.resolve("m.zip"));
		bare.metadata.inDistribution = null;
		bare.metadata.conformal = null;
		Detector d = new Detector(back, TestBackends.onednn()), plain = new Detector(bare, TestBackends.onednn());
		Detector.Options o = new Detector.Options();
		o.heatmap = false;
		ByteProcessor flat = new ByteProcessor(64, 64);
		flat.setValue(128);
		flat.fill();
		FloatProcessor noise = new FloatProcessor(64, 64);
		Random r = new Random(3);
		for (int i = 0; i < 64 * 64; i++) noise.setf(i, (float) r.nextGaussian());
		int flagged = 0;
		for (ImagePlus imp : new ImagePlus[] {new ImagePlus("flat", flat), new ImagePlus("noise", noise)}) {
			Prediction p = d.detect(imp, o), q = plain.detect(imp, o);
			assertEquals(q.probability, p.probability, 0.0, imp.getTitle() + ": the flag never changes P");
			assertTrue(p.conformal && !q.conformal);
			assertEquals(p.outsideTrainingData, p.distributionScore > back.metadata.inDistribution.cutoff);
			if (p.outsideTrainingData) {
				flagged++;
				assertEquals(Prediction.OUTSIDE, p.answer());
			}
		}
		assertEquals(2, flagged, "a flat page and noise are unlike the phantoms");
		java.util.List<Detector.FileResult> own = d.detectFiles(io.github.bonefracture.data.ImageInputs.of(data), o, Progress.NONE);
		long inside = own.stream().filter(f -> !f.prediction.outsideTrainingData).count();
		assertTrue(inside >= own.size() * 0.8, "most of its own training data is inside: " + inside + " of " + own.size());
	}

	/** A model file from before these answers loads, says once what it lacks, and answers with its label. */
	@Test
	void olderModelFilesSayWhatTheyLack() throws Exception {
		ModelFile old = ModelFileTest.tinyModel(2);
		assertNull(old.metadata.inDistribution);
		Path f = dir.resolve("old.zip");
		old.save(f);
		Detector d = new Detector(ModelFile.load(f), TestBackends.onednn());
		java.util.List<String> notes = new java.util.ArrayList<>(), infos = new java.util.ArrayList<>();
		io.github.bonefracture.core.Progress heard = new io.github.bonefracture.core.Progress() {
			@Override
			public void info(String m) {
				infos.add(m);
			}

			@Override
			public void warn(String m) {
				notes.add(m);
			}
		};
		d.tellOnce(heard);
		assertEquals(2, notes.size(), notes.toString());
		assertTrue(notes.get(0).contains("no description of its training data") && notes.get(1).contains("no conformal calibration"), notes.toString());
		assertEquals(1, infos.size());
		assertTrue(infos.get(0).startsWith("Model threshold "), infos.toString());
		d.tellOnce(heard);
		assertEquals(2, notes.size(), "said once per loaded model");
		assertEquals(1, infos.size(), "said once per loaded model");
		Prediction p = d.detect(new ImagePlus("x", new ByteProcessor(64, 64)), new Detector.Options());
		assertTrue(Double.isNaN(p.distributionScore) && !p.outsideTrainingData && !p.conformal);
		assertEquals(p.label.displayName(), p.answer());
		assertEquals("", p.predictionSetText());
	}
}
