package io.github.bonefracture.dicom;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every transfer syntax from files real encoders wrote (pydicom, dcmtk,
 * GDCM: src/test/resources/dicom/make-fixtures.sh), against the picture they
 * were made from (xray.png, 8-bit grey g): xray16.dcm stores 16 g + 8 in 12
 * of 16 bits with Rescale Slope 2 and Intercept -1024, so the Modality LUT's
 * output is 2 (16 g + 8) - 1024 at every pixel.
 */
class DicomImagesTest {

	static Path fixture(String name) throws Exception {
		return Path.of(DicomImagesTest.class.getResource("/dicom/" + name).toURI());
	}

	static float[] pixels(String name) throws Exception {
		ImagePlus imp = DicomImages.open(fixture(name));
		return (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
	}

	static int[] grey() throws Exception {
		BufferedImage png = ImageIO.read(fixture("xray.png").toFile());
		int[] g = new int[png.getWidth() * png.getHeight()];
		png.getRaster().getSamples(0, 0, png.getWidth(), png.getHeight(), 0, g);
		return g;
	}

	@Test
	void rescaleSlopeAndInterceptGiveTheModalityValuesWhateverReadBefore() throws Exception {
		// The first DICOM this JVM opens, with a rescale: ImageJ's reader needed its command table for that.
		float[] v = pixels("xray16.dcm");
		int[] g = grey();
		assertEquals(g.length, v.length);
		for (int i = 0; i < g.length; i++) assertEquals(2 * (16 * g[i] + 8) - 1024, v[i], 0, "pixel " + i);
	}

	@ParameterizedTest
	@ValueSource(strings = {"xray16-implicit.dcm", "xray16-bigendian.dcm", "xray16-deflated.dcm", "xray16-rle.dcm", "xray16-gdcm-rle.dcm",
		"xray16-jpeg-lossless-sv1.dcm", "xray16-jpeg-lossless-sv2.dcm", "xray16-jpeg-lossless-sv3.dcm", "xray16-jpeg-lossless-sv4.dcm",
		"xray16-jpeg-lossless-sv5.dcm", "xray16-jpeg-lossless-sv6.dcm", "xray16-jpeg-lossless-sv7.dcm", "xray16-jpeg-lossless-sv1-70.dcm",
		"xray16-gdcm-jpeg-lossless.dcm", "xray16-j2k-lossless.dcm", "xray16-signed.dcm", "xray16-jpegls-lossless.dcm"})
	void losslessCopiesDecodeToExactlyTheUncompressedValues(String name) throws Exception {
		assertArrayEquals(pixels("xray16.dcm"), pixels(name), 0f, name);
	}

	@Test
	void lossyCopiesDecodeAsTheEncodersOwnDecodersDecodeThem() throws Exception {
		assertTrue(DicomImages.open(fixture("xray16-j2k-lossy.dcm")).getInfoProperty().contains("1.2.840.10008.1.2.4.91"));
		float[] j2k = pixels("xray16-j2k-lossy.dcm"), gdcm = pixels("xray16-j2k-lossy-decoded-by-gdcm.dcm");
		assertTrue(maxAbsoluteDifference(gdcm, j2k) <= 2, "JPEG 2000 lossy against GDCM's decoding: max |difference| " + maxAbsoluteDifference(gdcm, j2k));
		float[] baseline = pixels("xray-jpeg-baseline.dcm"), dcmtk = pixels("xray-jpeg-baseline-decoded-by-dcmtk.dcm");
		assertTrue(maxAbsoluteDifference(dcmtk, baseline) <= 1, "JPEG baseline against dcmtk's decoding: max |difference| " + maxAbsoluteDifference(dcmtk, baseline));
		// And both still the picture (dcmcjpeg also stretched the grey range, GDCM compressed 8:1): correlated with the original.
		float[] ref = pixels("xray16.dcm");
		assertTrue(correlation(ref, baseline) > 0.98, "JPEG baseline: correlation " + correlation(ref, baseline));
		assertTrue(correlation(ref, j2k) > 0.98, "JPEG 2000 lossy: correlation " + correlation(ref, j2k));
	}

	private static double correlation(float[] a, float[] b) {
		double ma = 0, mb = 0;
		for (int i = 0; i < a.length; i++) {
			ma += a[i] / a.length;
			mb += b[i] / b.length;
		}
		double ab = 0, aa = 0, bb = 0;
		for (int i = 0; i < a.length; i++) {
			ab += (a[i] - ma) * (b[i] - mb);
			aa += (a[i] - ma) * (a[i] - ma);
			bb += (b[i] - mb) * (b[i] - mb);
		}
		return ab / Math.sqrt(aa * bb);
	}

	private static double maxAbsoluteDifference(float[] a, float[] b) {
		assertEquals(a.length, b.length);
		double m = 0;
		for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
		return m;
	}

	@Test
	void monochrome1IsTheSamePictureShownInverted() throws Exception {
		ImagePlus mono1 = DicomImages.open(fixture("xray16-mono1.dcm"));
		assertTrue(mono1.getProcessor().isInvertedLut(), "MONOCHROME1 is shown with an inverting LUT");
		float[] v = (float[]) mono1.getProcessor().convertToFloatProcessor().getPixels(), ref = pixels("xray16.dcm");
		// Stored 4095 - s: modality 2 (4095 - s) - 1024 = 7166 - (ref + 1024) ... = 6142 - ref.
		for (int i = 0; i < v.length; i++) assertEquals(6142 - ref[i], v[i], 0, "pixel " + i);
	}

	@Test
	void paddingStaysOutOfTheIntensityRange() throws Exception {
		float[] v = pixels("xray16-padded.dcm"), ref = pixels("xray16.dcm");
		int w = DicomImages.open(fixture("xray16.dcm")).getWidth(), padded = 8 * w;
		float min = Float.MAX_VALUE;
		for (int i = padded; i < ref.length; i++) min = Math.min(min, ref[i]);
		for (int i = 0; i < padded; i++) assertEquals(min, v[i], 0, "padding pixel " + i + " takes the image's lowest value, not -1024");
		for (int i = padded; i < ref.length; i++) assertEquals(ref[i], v[i], 0);
	}

	@Test
	void nearLosslessJpegLsStaysWithinItsBound() throws Exception {
		assertTrue(DicomImages.open(fixture("xray16-jpegls-near-lossless.dcm")).getInfoProperty().contains("1.2.840.10008.1.2.4.81"));
		float[] ref = pixels("xray16.dcm"), near = pixels("xray16-jpegls-near-lossless.dcm");
		// dcmcjpls +md 2: each stored value within 2 of the original, so each modality value (slope 2) within 4.
		assertTrue(maxAbsoluteDifference(ref, near) <= 4, "max |difference| " + maxAbsoluteDifference(ref, near));
		assertTrue(maxAbsoluteDifference(ref, near) > 0, "near-lossless really lost something: the test would not see a decoder that ignores NEAR");
	}

	@Test
	void twelveBitJpegDecodesAsDcmtkDecodesIt() throws Exception {
		assertTrue(DicomImages.open(fixture("xray16-jpeg-extended.dcm")).getInfoProperty().contains("1.2.840.10008.1.2.4.51"));
		float[] ours = pixels("xray16-jpeg-extended.dcm"), dcmtk = pixels("xray16-jpeg-extended-decoded-by-dcmtk.dcm");
		// IJG's integer inverse DCT against ours in double precision: a level or two of 12 bits, times Rescale Slope 2.
		assertTrue(maxAbsoluteDifference(dcmtk, ours) <= 4, "max |difference| " + maxAbsoluteDifference(dcmtk, ours));
		assertTrue(correlation(pixels("xray16.dcm"), ours) > 0.98);
	}

	@Test
	void anUnknownTransferSyntaxIsRefusedByItsUid() throws Exception {
		byte[] bytes = java.nio.file.Files.readAllBytes(fixture("xray16.dcm"));
		String known = "1.2.840.10008.1.2.1\0", unknown = "1.2.840.10008.1.2.9\0";
		assertTrue(assertThrows(DicomException.class, () -> TransferSyntax.of("1.2.840.10008.1.2.4.201")).getMessage()
			.contains("1.2.840.10008.1.2.4.201 (High-Throughput JPEG 2000 Image Compression (Lossless Only))"), "a standard syntax not read is named");
		String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
		int at = text.indexOf(known);
		assertTrue(at > 0);
		System.arraycopy(unknown.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, bytes, at, unknown.length());
		Path f = java.nio.file.Files.write(java.nio.file.Files.createTempFile("unknown-syntax", ".dcm"), bytes);
		try {
			DicomException e = assertThrows(DicomException.class, () -> DicomImages.open(f));
			assertTrue(e.getMessage().contains("transfer syntax 1.2.840.10008.1.2.9 is not one this plugin reads"), e.getMessage());
		} finally {
			java.nio.file.Files.delete(f);
		}
	}

	@Test
	void aTiffPreambleAndNoExtensionChangeNothing() throws Exception {
		assertArrayEquals(pixels("xray"), pixels("tiff-preamble.dcm"), 0f);
		int[] g = grey();
		float[] v = pixels("xray");
		for (int i = 0; i < g.length; i++) assertEquals(g[i], v[i], 0);
		assertEquals(8, DicomImages.open(fixture("xray")).getBitDepth(), "8-bit DICOM stays 8-bit, as the same PNG");
	}

	@Test
	void aMultiFrameFileGivesItsFirstFrameAndSaysSo() throws Exception {
		ImagePlus two = DicomImages.open(fixture("xray16-2frames.dcm"));
		assertEquals(1, two.getStackSize());
		assertArrayEquals(pixels("xray16.dcm"), (float[]) two.getProcessor().convertToFloatProcessor().getPixels(), 0f);
		assertTrue(two.getInfoProperty().contains("DICOM frames: 2: " + DicomImages.MULTI_FRAME_POLICY), two.getInfoProperty());
	}

	@Test
	void aOneBitImageIsBlackAndWhite() throws Exception {
		int[] g = grey();
		float[] v = pixels("xray-1bit.dcm");
		for (int i = 0; i < g.length; i++) assertEquals(g[i] >= 128 ? 255 : 0, v[i], 0, "pixel " + i);
	}

	@Test
	void ybrFull422IsConvertedNotStriped() throws Exception {
		ImagePlus colour = DicomImages.open(fixture("xray-ybr422.dcm"));
		int w = colour.getWidth(), full = DicomImages.open(fixture("xray.png".replace(".png", ""))).getWidth();
		int[] rgb = (int[]) colour.getProcessor().getPixels();
		int[] g = grey();
		// Cb = Cr = 128 everywhere: each pixel is its own grey, in all three channels.
		for (int y = 0; y < colour.getHeight(); y++)
			for (int x = 0; x < w; x++) {
				int c = rgb[y * w + x], e = g[y * full + x];
				assertEquals(e, (c >> 16) & 0xff, "red at " + x + "," + y);
				assertEquals(e, (c >> 8) & 0xff, "green at " + x + "," + y);
				assertEquals(e, c & 0xff, "blue at " + x + "," + y);
			}
	}

	@Test
	void aModalityLutSequenceReplacesTheRescale() throws Exception {
		ImagePlus lut = DicomImages.open(fixture("xray16-modality-lut.dcm"));
		assertTrue(lut.getInfoProperty().contains("lookup table of 4096 entries"), lut.getInfoProperty());
		float[] v = (float[]) lut.getProcessor().convertToFloatProcessor().getPixels(), ref = pixels("xray16.dcm");
		// The table maps v to 2 v; the rescale of xray16.dcm maps it to 2 v - 1024.
		for (int i = 0; i < v.length; i++) assertEquals(ref[i] + 1024, v[i], 0, "pixel " + i);
	}
}
