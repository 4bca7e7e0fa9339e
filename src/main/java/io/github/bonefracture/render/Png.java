package io.github.bonefracture.render;

import ij.ImagePlus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** An image as PNG bytes, for writers that put them on any file system whole or not at all. */
public final class Png {
	private Png() {}

	public static byte[] encode(ImagePlus imp) {
		try (ByteArrayOutputStream b = new ByteArrayOutputStream()) {
			if (!ImageIO.write(imp.getBufferedImage(), "png", b)) throw new IOException("no PNG encoder");
			return b.toByteArray();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
