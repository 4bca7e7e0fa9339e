package io.github.bonefracture.preprocess;

import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/** A single-channel float image, row-major; the unit augmentation and the phantoms work on. */
public final class FloatImage {
	public final int width;
	public final int height;
	public final float[] data;

	public FloatImage(int width, int height) {
		this(width, height, new float[width * height]);
	}

	public FloatImage(int width, int height, float[] data) {
		if (data.length != width * height) throw new IllegalArgumentException("data length " + data.length + " != " + width + "x" + height);
		this.width = width;
		this.height = height;
		this.data = data;
	}

	public float get(int x, int y) {
		return data[y * width + x];
	}

	public void set(int x, int y, float v) {
		data[y * width + x] = v;
	}

	public FloatImage copy() {
		return new FloatImage(width, height, data.clone());
	}

	public FloatProcessor toProcessor() {
		return new FloatProcessor(width, height, data.clone());
	}

	/** This image at w x h: ImageJ's bilinear resize, averaging when it shrinks (as the detector's preprocessing resizes); itself when the size is already w x h. */
	public FloatImage resized(int w, int h) {
		if (w == width && h == height) return this;
		FloatProcessor fp = toProcessor();
		fp.setInterpolationMethod(ImageProcessor.BILINEAR);
		return of((FloatProcessor) fp.resize(w, h, true));
	}

	/** 8-bit grey, values clipped to [0, 1] and rounded: how a PNG stores this image. */
	public ByteProcessor to8bit() {
		byte[] b = new byte[data.length];
		for (int i = 0; i < b.length; i++) b[i] = (byte) Math.round(Math.max(0, Math.min(1, data[i])) * 255);
		return new ByteProcessor(width, height, b, null);
	}

	public static FloatImage of(FloatProcessor fp) {
		return new FloatImage(fp.getWidth(), fp.getHeight(), ((float[]) fp.getPixels()).clone());
	}
}
