package io.github.bonefracture;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Small image files for tests, written into a test's temporary folder. */
public final class TestImages {
	private TestImages() {}

	public static Path png(Path file, int w, int h, int seed) throws IOException {
		Files.createDirectories(file.getParent());
		BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) bi.getRaster().setSample(x, y, 0, (x * 7 + y * 13 + seed * 31) & 0xff);
		ImageIO.write(bi, "png", file.toFile());
		return file;
	}
}
