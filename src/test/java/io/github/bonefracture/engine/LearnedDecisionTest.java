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
		c.calibration = "platt";
		c.thresholdRule = "sensitivity";
		c.targetSensitivity = 0.9;
		Path data = TinyNets.phantoms(dir.resolve("data"), 8, 64, 1);
		Path model = dir.resolve("m.zip");
		ModelFile m = new ModelTraining(c, TestBackends.onednn(), Progress.NONE, null).run(data, model);
		assertEquals(Calibration.Method.PLATT, m.metadata.calibration.method);
		assertEquals("sensitivity 0.90", m.metadata.thresholdRule);
		ModelFile loaded = ModelFile.load(model);
		assertEquals(2, loaded.metadata.formatVersion, "a calibrated model is format 2: earlier readers refuse it instead of ignoring the calibration");
		assertEquals(m.metadata.threshold, loaded.metadata.threshold, 0);
		assertTrue(m.metadata.threshold > 0 && m.metadata.threshold < 1);
		assertTrue(m.metadata.validation.containsKey("thresholdSensitivity"));

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
