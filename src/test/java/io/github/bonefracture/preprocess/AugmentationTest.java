package io.github.bonefracture.preprocess;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

class AugmentationTest {

	private static FloatImage ramp(int w, int h) {
		FloatImage img = new FloatImage(w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) img.set(x, y, (x + w * y) / (float) (w * h));
		return img;
	}

	@Test
	void flipMirrorsLeftAndRight() {
		FloatImage img = ramp(5, 3);
		FloatImage f = Augmentation.flipHorizontal(img);
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 5; x++) assertEquals(img.get(4 - x, y), f.get(x, y));
	}

	@Test
	void quarterTurnMovesTheTopRowToTheLeftColumn() {
		FloatImage img = new FloatImage(5, 5);
		for (int x = 0; x < 5; x++) img.set(x, 0, 1f);
		// Counter-clockwise on screen: the top row ends up as the left column.
		FloatImage r = Augmentation.rotateZoom(img, Math.PI / 2, 1);
		for (int y = 0; y < 5; y++) assertEquals(1f, r.get(0, y), 1e-5, "y=" + y);
		assertEquals(0f, r.get(2, 2), 1e-5);
		assertEquals(0f, r.get(4, 2), 1e-5);
	}

	@Test
	void zoomInEnlargesAboutTheCentreAndZoomOutReflects() {
		FloatImage img = ramp(9, 9);
		FloatImage in = Augmentation.rotateZoom(img, 0, 0.5);
		assertEquals(img.get(4, 4), in.get(4, 4), 1e-6);
		assertEquals(img.get(2, 4), in.get(0, 4), 1e-6); // corner pixel comes from halfway in
		FloatImage out = Augmentation.rotateZoom(img, 0, 2);
		assertEquals(img.get(4, 4), out.get(4, 4), 1e-6);
		// x = 0 samples at -4: reflect gives column 3.
		assertEquals(img.get(3, 4), out.get(0, 4), 1e-6);
	}

	@Test
	void reflectRepeatsTheEdgePixel() {
		assertEquals(0, Augmentation.reflect(-1, 4));
		assertEquals(1, Augmentation.reflect(-2, 4));
		assertEquals(3, Augmentation.reflect(4, 4));
		assertEquals(2, Augmentation.reflect(5, 4));
		assertEquals(0, Augmentation.reflect(7, 4));
	}

	@Test
	void brightnessAddsAndClips() {
		FloatImage img = ramp(4, 4);
		FloatImage b = Augmentation.brighten(img, 0.4f);
		assertEquals(img.get(1, 0) + 0.4f, b.get(1, 0), 1e-6);
		assertEquals(1f, b.get(3, 3), 1e-6);
		FloatImage d = Augmentation.brighten(img, -0.4f);
		assertEquals(0f, d.get(0, 0), 1e-6);
	}

	@Test
	void randomDrawsStayInKerasRangesAndAreSeeded() {
		Augmentation a = Augmentation.reference();
		FloatImage img = ramp(16, 16);
		FloatImage x = a.apply(img, new Random(7));
		FloatImage y = a.apply(img, new Random(7));
		assertArrayEquals(x.data, y.data);
		FloatImage z = a.apply(img, new Random(8));
		assertFalse(java.util.Arrays.equals(x.data, z.data));
		for (float v : x.data) assertTrue(v >= 0 && v <= 1);
		// Brightness alone: the mean moves by at most 0.4.
		Augmentation bright = new Augmentation(false, 0, 0, 0.4);
		for (int s = 0; s < 50; s++) {
			FloatImage mid = new FloatImage(4, 4);
			java.util.Arrays.fill(mid.data, 0.5f);
			float v = bright.apply(mid, new Random(s)).data[0];
			assertTrue(v >= 0.1f - 1e-6 && v <= 0.9f + 1e-6, "brightness " + v);
		}
		assertTrue(Augmentation.none().isIdentity());
		assertArrayEquals(img.data, Augmentation.none().apply(img, new Random(1)).data);
		assertThrows(IllegalArgumentException.class, () -> new Augmentation(true, 0.1, 1.5, 0.4));
	}
}
