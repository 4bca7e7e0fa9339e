package io.github.bonefracture.preprocess;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.InvalidInputException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;

class PreprocessingTest {

	private final Preprocessing pre = Preprocessing.imagenet(4);

	/** Undoes channel c's normalisation at pixel i. */
	private static float unit(Preprocessing p, float[] t, int c, int i) {
		int n = p.width() * p.height();
		return t[c * n + i] * p.std()[c] + p.mean()[c];
	}

	/** Model files made before the one intensity rule keep theirs: 8-bit divided by 255. */
	@Test
	void legacyEightBitIsScaledBy255AndNormalisedPerChannel() {
		Preprocessing pre = this.pre.withLegacyIntensity();
		assertTrue(Preprocessing.fromJson(pre.toJson()).legacy8Bit(), "a model file without an intensity rule reads as the legacy one");
		ByteProcessor bp = new ByteProcessor(4, 4);
		bp.set(0, 0, 255);
		bp.set(1, 0, 51);
		float[] t = pre.toTensor(new ImagePlus("b", bp));
		assertEquals(3 * 16, t.length);
		assertEquals((1f - 0.485f) / 0.229f, t[0], 1e-5);
		assertEquals((1f - 0.406f) / 0.225f, t[32], 1e-5);
		assertEquals(0.2f, unit(pre, t, 1, 1), 1e-5);
		assertEquals(0f, unit(pre, t, 2, 5), 1e-5);
	}

	@Test
	void sixteenBitIsWindowedBetweenPercentiles() {
		ShortProcessor sp = new ShortProcessor(4, 4);
		for (int i = 0; i < 16; i++) sp.set(i, 1000 + i * 100);
		sp.set(15, 60000); // one hot pixel must not squash the rest
		Preprocessing p = new Preprocessing(4, 4, 3, Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD, 0, 90);
		float[] t = p.toTensor(new ImagePlus("s", sp));
		assertEquals(0f, unit(p, t, 0, 0), 1e-5);
		assertEquals(1f, unit(p, t, 0, 15), 1e-5);
		float mid = unit(p, t, 0, 7);
		assertTrue(mid > 0.4f && mid < 0.6f, "middle value " + mid);
	}

	@Test
	void floatImagesAreWindowedToo() {
		FloatProcessor fp = new FloatProcessor(4, 4);
		for (int i = 0; i < 16; i++) fp.setf(i, -5f + i);
		float[] t = Preprocessing.grey(4, 4).toTensor(new ImagePlus("f", fp));
		assertEquals(16, t.length);
		for (float v : t) assertTrue(v >= 0 && v <= 1);
		assertTrue(t[15] > t[0]);
	}

	/**
	 * One rule whatever the storage: the same image as 8 bits, as 12 bits in
	 * a 16-bit image, as full-range 16 bits and as float gives the same input.
	 */
	@Test
	void everyStorageOfAnImageGivesTheSameInput() {
		ByteProcessor bp = new ByteProcessor(8, 8);
		for (int i = 0; i < 64; i++) bp.set(i, (i * 37) % 200 + 20);
		ShortProcessor twelve = new ShortProcessor(8, 8), sixteen = new ShortProcessor(8, 8);
		FloatProcessor unit = new FloatProcessor(8, 8);
		for (int i = 0; i < 64; i++) {
			twelve.set(i, bp.get(i) * 16);
			sixteen.set(i, bp.get(i) * 257);
			unit.setf(i, bp.get(i) / 255f);
		}
		Preprocessing p = Preprocessing.imagenet(8);
		assertFalse(p.legacy8Bit());
		float[] eight = p.toTensor(new ImagePlus("8", bp));
		for (ImageProcessor other : new ImageProcessor[] {twelve, sixteen, unit})
			assertArrayEquals(eight, p.toTensor(new ImagePlus("other", other)), 1e-5f, other.getBitDepth() + "-bit");
		float lowest = unit(p, eight, 0, 0), brightest = 0;
		for (int i = 0; i < 64; i++) brightest = Math.max(brightest, unit(p, eight, 0, i));
		assertEquals(0f, lowest, 1e-5, "the darkest value is the window's floor");
		assertEquals(1f, brightest, 1e-5, "and the brightest its top");
		assertNotEquals(bp.get(0) / 255f, lowest, 1e-3, "8-bit is windowed, not divided by 255");
	}

	@Test
	void rgbBecomesLuminanceReplicated() {
		Preprocessing pre = this.pre.withLegacyIntensity();
		ColorProcessor cp = new ColorProcessor(4, 4);
		cp.setColor(new java.awt.Color(200, 100, 50));
		cp.fill();
		float[] t = pre.toTensor(new ImagePlus("c", cp));
		float expected = (0.299f * 200 + 0.587f * 100 + 0.114f * 50) / 255f;
		for (int c = 0; c < 3; c++) assertEquals(expected, unit(pre, t, c, 3), 1e-5);
	}

	@Test
	void invertedLutAndMonochrome1AreInverted() {
		ByteProcessor bp = new ByteProcessor(4, 4);
		bp.set(0, 0, 255);
		bp.invertLut();
		assertEquals(0f, unit(pre, pre.toTensor(new ImagePlus("i", bp)), 0, 0), 1e-5);

		ShortProcessor sp = new ShortProcessor(4, 4);
		for (int i = 0; i < 16; i++) sp.set(i, i * 10);
		ImagePlus dicom = new ImagePlus("d", sp);
		dicom.setProperty("Info", "0028,0004  Photometric Interpretation: MONOCHROME1\n");
		Preprocessing p = new Preprocessing(4, 4, 3, Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD, 0, 100);
		float[] t = p.toTensor(dicom);
		assertEquals(1f, unit(p, t, 0, 0), 1e-5);
		assertEquals(0f, unit(p, t, 0, 15), 1e-5);
	}

	@Test
	void resizesToTheModelInput() {
		ByteProcessor bp = new ByteProcessor(40, 20);
		bp.setValue(255);
		bp.fill();
		Preprocessing p = Preprocessing.imagenet(8).withLegacyIntensity();
		float[] t = p.toTensor(new ImagePlus("big", bp));
		assertEquals(3 * 64, t.length);
		assertEquals(1f, unit(p, t, 0, 27), 1e-5);
	}

	@Test
	void stackNeedsAnExplicitSlice() {
		ImageStack st = new ImageStack(4, 4);
		st.addSlice(new ByteProcessor(4, 4));
		ByteProcessor second = new ByteProcessor(4, 4);
		second.setValue(255);
		second.fill();
		st.addSlice(second);
		ImagePlus imp = new ImagePlus("stack", st);
		Preprocessing pre = this.pre.withLegacyIntensity();
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> pre.toTensor(imp));
		assertTrue(e.getMessage().contains("stack") && e.getMessage().contains("stack of 2"), e.getMessage());
		assertEquals(1f, unit(pre, pre.toTensor(imp, 2), 0, 0), 1e-5);
		assertThrows(InvalidInputException.class, () -> pre.toTensor(imp, 3));
	}

	@Test
	void roundTripsThroughJsonAndRejectsNonsense() {
		Preprocessing back = Preprocessing.fromJson(pre.toJson());
		assertEquals(pre, back);
		assertTrue(pre.toJson().contains("\"width\": 4"));
		assertThrows(InvalidInputException.class, () -> Preprocessing.fromJson("{\"width\":0,\"height\":3,\"channels\":3}"));
		assertTrue(assertThrows(InvalidInputException.class, () -> Preprocessing.fromJson(pre.toJson().replace(Preprocessing.WINDOW, "gamma 2.2")))
			.getMessage().contains("unknown intensity rule"));
	}
}
