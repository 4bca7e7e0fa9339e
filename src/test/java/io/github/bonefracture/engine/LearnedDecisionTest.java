package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.Progress;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train learns its threshold and calibration on its validation split, stores them, and detect applies them. */
class LearnedDecisionTest {

	@TempDir
	Path dir;

	@Test
	void theModelCarriesItsCalibrationAndThreshold() throws Exception {
		TrainingConfig c = TinyNets.denseNet(2);
		c.innerFolds = 5;
		c.calibration = "platt";
		c.thresholdRule = "sensitivity";
		c.targetSensitivity = 0.9;
		Path data = TinyNets.phantoms(dir.resolve("data"), ThresholdRule.MIN_PER_CLASS, 64, 1);
		Path model = dir.resolve("m.zip");
		java.util.List<String> warnings = new java.util.ArrayList<>();
		Progress heard = new Progress() {
			@Override
			public void warn(String message) {
				warnings.add(message);
			}
		};
		java.util.List<EpochStats> plotted = new java.util.ArrayList<>();
		ModelFile m = new ModelTraining(c, TestBackends.onednn(), heard, plotted::add).run(data, model);
		assertEquals(2, plotted.size(), "the curves show the model's own 2 epochs, not the 5 inner models' too");
		// One truth: Platt's parameters, or none with the reason it was dropped, said as a warning too.
		Calibration got = ModelFile.load(model).metadata.calibration;
		if (got.method == Calibration.Method.PLATT) {
			assertTrue(got.a > 0 && got.dropped == null, got.toString());
		} else {
			assertEquals(Calibration.Method.NONE, got.method);
			assertTrue(got.dropped.startsWith("Platt scaling was asked for but not applied"), got.toString());
			assertTrue(warnings.contains(got.dropped), warnings.toString());
		}
		assertTrue(m.metadata.thresholdRule.startsWith("sensitivity 0.90, threshold midway"), m.metadata.thresholdRule);
		assertTrue(m.metadata.decisionLearnedOn.startsWith("20 out-of-fold predictions of a 5-fold inner cross-validation"), m.metadata.decisionLearnedOn);
		double[] ci = m.metadata.thresholdInterval95;
		assertTrue(ci[0] <= m.metadata.threshold && m.metadata.threshold <= ci[1], java.util.Arrays.toString(ci) + " around " + m.metadata.threshold);
		// The calibration's effect on held-out images, each calibrated by a fit that did not see it.
		assertTrue(((String) m.metadata.calibrationEffect.get("measuredOn")).contains("cross-fitted"), m.metadata.calibrationEffect.toString());
		assertTrue((Double) m.metadata.calibrationEffect.get("brierAfter") >= 0);
		assertEquals(m.metadata.threshold, ModelFile.load(model).metadata.threshold, 0);
		assertTrue(m.metadata.validation.containsKey("thresholdSensitivity"));

		// Detection applies a stored Platt calibration before the threshold.
		ModelFile platt = ModelFile.load(model);
		platt.metadata.calibration = new Calibration(Calibration.Method.PLATT, 1.7, 0.4);
		platt.save(dir.resolve("platt.zip"));
		ModelFile loaded = ModelFile.load(dir.resolve("platt.zip"));
		assertEquals(2, loaded.metadata.formatVersion, "a calibrated model is format 2: earlier readers refuse it instead of ignoring the calibration");
		ModelFile raw = ModelFile.load(model);
		raw.metadata.calibration = null;
		Path img = Files.list(data.resolve("Fracture")).sorted().findFirst().orElseThrow();
		ij.ImagePlus imp = io.github.bonefracture.data.ImageLoader.load(img);
		double calibrated = new Detector(loaded, TestBackends.onednn()).detect(imp, new Detector.Options()).probability;
		double network = new Detector(raw, TestBackends.onednn()).detect(imp, new Detector.Options()).probability;
		assertEquals(loaded.metadata.calibration.apply(network), calibrated, 1e-12);
		assertNotEquals(network, calibrated, "Platt scaling changes the probability");
		assertEquals(loaded.metadata.threshold, new Detector(loaded, TestBackends.onednn()).detect(imp, new Detector.Options()).threshold, 0,
			"detect uses the learned threshold unless told otherwise");

		c.calibration = "none";
		c.thresholdRule = "fixed";
		ModelFile plain = new ModelTraining(c, TestBackends.onednn(), Progress.NONE, null).run(data, dir.resolve("p.zip"));
		assertEquals(0.5, plain.metadata.threshold, 0);
		assertEquals(1, ModelFile.load(dir.resolve("p.zip")).metadata.formatVersion, "uncalibrated models stay readable by earlier releases");
	}
}
