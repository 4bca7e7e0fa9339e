package io.github.bonefracture.render;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.prediction.Prediction;
import io.github.bonefracture.preprocess.FloatImage;

import ij.gui.ImageRoi;

import org.junit.jupiter.api.Test;

/** The heatmap's colours are on a fixed P(fracture) scale, with a legend, so a confident Normal is not painted hot. */
class ResultOverlayTest {

	static FloatImage cam(float centre, float spread) {
		FloatImage f = new FloatImage(5, 5);
		for (int i = 0; i < f.data.length; i++) f.data[i] = centre + spread * ((i % 5) - 2) / 2f;
		return f;
	}

	static int maxRed(ImageRoi roi) {
		int[] px = (int[]) roi.getProcessor().getPixels();
		int max = 0;
		for (int c : px) max = Math.max(max, (c >> 16) & 0xff);
		return max;
	}

	@Test
	void aConfidentNormalIsNotPaintedHotButAConfidentFractureIs() {
		// Logits -6 to -4 everywhere: P(fracture) at most 0.018 at any place.
		Prediction normal = new Prediction(1 / (1 + Math.exp(5)), 0.5, cam(-5, 1));
		assertEquals(0, maxRed((ImageRoi) ResultOverlay.heatmapRoi(normal, 50, 50)), "no red over a confident Normal");
		Prediction fracture = new Prediction(1 / (1 + Math.exp(-5)), 0.5, cam(5, 1));
		// The scale's top is jet's dark red: every place of a confident Fracture is at least that red, with no blue.
		int[] px = (int[]) ((ImageRoi) ResultOverlay.heatmapRoi(fracture, 50, 50)).getProcessor().getPixels();
		for (int c : px) assertTrue(((c >> 16) & 0xff) >= 127 && (c & 0xff) == 0, Integer.toHexString(c));
	}

	@Test
	void theLegendRunsFromBlueAtZeroToRedAtOne() {
		ImageRoi bar = (ImageRoi) ResultOverlay.legend(300, 300)[0];
		assertEquals(ResultOverlay.LEGEND, bar.getName());
		int top = bar.getProcessor().get(0, 0), bottom = bar.getProcessor().get(0, bar.getProcessor().getHeight() - 1);
		assertEquals(ResultOverlay.colour(1f), top);
		assertEquals(ResultOverlay.colour(0f), bottom);
		assertTrue(((top >> 16) & 0xff) >= 127 && (top & 0xff) == 0 && (bottom & 0xff) >= 127 && ((bottom >> 16) & 0xff) == 0);
	}
}
