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
		assertEquals(0, maxRed((ImageRoi) ResultOverlay.heatmapRoi(normal.heatmap(50, 50).orElseThrow(), 50, 50)), "no red over a confident Normal");
		Prediction fracture = new Prediction(1 / (1 + Math.exp(-5)), 0.5, cam(5, 1));
		// The scale's top is jet's dark red: every place of a confident Fracture is at least that red, with no blue.
		int[] px = (int[]) ((ImageRoi) ResultOverlay.heatmapRoi(fracture.heatmap(50, 50).orElseThrow(), 50, 50)).getProcessor().getPixels();
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

	/**
	 * The label gives P to three decimals with the threshold, and an answer
	 * within Prediction.NEAR_THRESHOLD of it reads Uncertain and says why;
	 * the heatmap lies beneath the user's own ROIs, also after a rerun.
	 */
	@Test
	void theLabelShowsTheThresholdAndTheHeatmapStaysBeneathTheUsersRois() {
		io.github.bonefracture.preprocess.FloatImage cam = io.github.bonefracture.preprocess.FloatImage.of(new ij.process.FloatProcessor(4, 4));
		io.github.bonefracture.prediction.Prediction near = new io.github.bonefracture.prediction.Prediction(0.49, 0.488, cam);
		assertEquals(io.github.bonefracture.prediction.Prediction.UNCERTAIN, near.answer());
		String text = ((ij.gui.TextRoi) ResultOverlay.labelRoi(near, 100, 100)).getText();
		assertTrue(text.contains("P(fracture) 0.490, threshold 0.488: near the threshold"), text);
		io.github.bonefracture.prediction.Prediction far = new io.github.bonefracture.prediction.Prediction(0.9, 0.488, cam);
		assertEquals("Fracture", far.answer());
		assertTrue(((ij.gui.TextRoi) ResultOverlay.labelRoi(far, 100, 100)).getText().startsWith("Fracture\nP(fracture) 0.900, threshold 0.488"));

		ij.ImagePlus imp = new ij.ImagePlus("x", new ij.process.ByteProcessor(100, 100));
		ij.gui.Overlay mine = new ij.gui.Overlay(new ij.gui.Roi(10, 10, 20, 20));
		mine.get(0).setName("my cell");
		imp.setOverlay(mine);
		for (int run = 0; run < 2; run++) {
			ij.gui.Overlay o = ResultOverlay.apply(imp, run == 0 ? near : far, true);
			assertEquals(ResultOverlay.HEATMAP, o.get(0).getName(), "the heatmap is drawn first, beneath everything");
			assertEquals("my cell", o.get(1).getName(), "the user's ROI above it");
			assertEquals(1, java.util.Arrays.stream(o.toArray()).filter(r -> "my cell".equals(r.getName())).count());
			assertEquals(ResultOverlay.LABEL, o.get(o.size() - 1).getName());
		}
	}
}
