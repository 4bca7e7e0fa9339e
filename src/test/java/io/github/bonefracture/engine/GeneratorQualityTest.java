package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class GeneratorQualityTest {

	static double[][] gaussian(int n, int d, Random rng) {
		double[][] x = new double[n][d];
		for (double[] r : x) for (int j = 0; j < d; j++) r[j] = rng.nextGaussian();
		return x;
	}

	@Test
	void copiesOfTrainingImagesAreCalledCopiesAndNewDrawsAreNot() {
		Random rng = new Random(4);
		double[][] real = gaussian(150, 8, rng);
		double[][] fresh = gaussian(150, 8, rng);
		double[][] copies = new double[150][];
		for (int i = 0; i < copies.length; i++) {
			copies[i] = real[i % real.length].clone();
			for (int j = 0; j < 8; j++) copies[i][j] += 1e-3 * rng.nextGaussian();
		}
		Map<String, Object> newDraws = GeneratorQuality.classReport(real, fresh), memorised = GeneratorQuality.classReport(real, copies);
		assertTrue((Double) newDraws.get("nearCopies") < 0.2, newDraws.toString());
		assertTrue((Double) memorised.get("nearCopies") > 0.95, memorised.toString());
		assertTrue((Double) newDraws.get("precision") > 0.6 && (Double) newDraws.get("recall") > 0.6, newDraws.toString());

		// A generator stuck on one mode: precise but without recall.
		double[][] collapsed = new double[150][];
		for (int i = 0; i < collapsed.length; i++) collapsed[i] = real[0].clone();
		Map<String, Object> mode = GeneratorQuality.classReport(real, collapsed);
		assertTrue((Double) mode.get("recall") < 0.1, mode.toString());
		assertTrue((Double) mode.get("frechetDistance") > (Double) newDraws.get("frechetDistance"), mode + " vs " + newDraws);
	}
}
