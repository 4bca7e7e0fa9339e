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
		"xray16-gdcm-jpeg-lossless.dcm", "xray16-j2k-lossless.dcm", "xray16-signed.dcm"})
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
	void syntaxesNotReadYetAreRefusedByUidAndName() throws Exception {
		for (String name : new String[] {"xray16-jpegls-lossless.dcm", "xray16-jpegls-near-lossless.dcm"}) {
			DicomException e = assertThrows(DicomException.class, () -> DicomImages.open(fixture(name)));
			assertTrue(e.getMessage().contains("1.2.840.10008.1.2.4.8") && e.getMessage().contains("JPEG-LS"), e.getMessage());
		}
		DicomException e = assertThrows(DicomException.class, () -> DicomImages.open(fixture("xray16-jpeg-extended.dcm")));
		assertTrue(e.getMessage().contains("1.2.840.10008.1.2.4.51") && e.getMessage().contains("JPEG Extended"), e.getMessage());
	}

	@Test
	void aTiffPreambleAndNoExtensionChangeNothing() throws Exception {
		assertArrayEquals(pixels("xray"), pixels("tiff-preamble.dcm"), 0f);
		int[] g = grey();
		float[] v = pixels("xray");
		for (int i = 0; i < g.length; i++) assertEquals(g[i], v[i], 0);
		assertEquals(8, DicomImages.open(fixture("xray")).getBitDepth(), "8-bit DICOM stays 8-bit, as the same PNG");
	}
}
