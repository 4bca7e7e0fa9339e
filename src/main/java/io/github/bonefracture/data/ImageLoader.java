package io.github.bonefracture.data;

import ij.ImagePlus;
import ij.io.Opener;
import ij.plugin.DICOM;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Opens one x-ray file as an ImagePlus, or says precisely why it cannot.
 * ImageJ's own openers report failures in dialogs or the log and return null;
 * here every failure is an exception naming the file and the reason.
 */
public final class ImageLoader {

	private ImageLoader() {}

	public static ImagePlus load(Path file) throws UnreadableImageException {
		long size;
		try {
			size = Files.size(file);
		} catch (IOException e) {
			throw new UnreadableImageException(file, "cannot be read (" + e.getMessage() + ")", e);
		}
		if (size == 0) throw new UnreadableImageException(file, "empty file (0 bytes)");
		ImageFormat format;
		try {
			format = ImageFormat.sniff(file);
		} catch (IOException e) {
			throw new UnreadableImageException(file, "cannot be read (" + e.getMessage() + ")", e);
		}
		if (format == null) {
			ImageFormat claimed = ImageFormat.fromName(file.getFileName().toString());
			throw new UnreadableImageException(file, claimed == null ? "not an image file"
				: "named as " + claimed + " but its content is not an image of any known format");
		}
		ImagePlus imp;
		try {
			switch (format) {
				case TIFF: imp = openTiff(file); break;
				case DICOM: imp = openDicom(file); break;
				default: imp = openWithImageIO(file); break;
			}
		} catch (UnreadableImageException e) {
			throw e;
		} catch (IOException | RuntimeException e) {
			throw new UnreadableImageException(file, "corrupt or truncated " + format + " (" + e.getMessage() + ")", e);
		}
		if (imp == null || imp.getWidth() < 1 || imp.getHeight() < 1)
			throw new UnreadableImageException(file, "corrupt " + format + ": no pixels could be decoded");
		return imp;
	}

	private static ImagePlus openTiff(Path file) {
		Path dir = file.toAbsolutePath().getParent();
		return new Opener().openTiff(dir + java.io.File.separator, file.getFileName().toString());
	}

	private static ImagePlus openDicom(Path file) {
		DICOM dicom = new DICOM();
		dicom.open(file.toString());
		if (dicom.getWidth() < 1) return null;
		return dicom;
	}

	private static ImagePlus openWithImageIO(Path file) throws IOException {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext()) throw new UnreadableImageException(file, "no decoder for this file");
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				// A truncated JPEG decodes to grey with only a warning: treat it as damage.
				StringBuilder warnings = new StringBuilder();
				reader.addIIOReadWarningListener((source, warning) -> warnings.append(warning).append("; "));
				BufferedImage bi = reader.read(0);
				if (warnings.length() > 0) throw new UnreadableImageException(file, "damaged image data: " + warnings);
				return new ImagePlus(file.getFileName().toString(), toProcessor(bi));
			} finally {
				reader.dispose();
			}
		}
	}

	/** Grey stays grey at its own depth (8 or 16 bit); anything else becomes RGB. */
	static ImageProcessor toProcessor(BufferedImage bi) {
		Raster r = bi.getRaster();
		int w = bi.getWidth(), h = bi.getHeight();
		boolean grey = r.getNumBands() == 1 && bi.getColorModel().getNumComponents() == 1;
		if (grey && r.getDataBuffer().getDataType() == DataBuffer.TYPE_USHORT) {
			short[] px = new short[w * h];
			int[] row = new int[w];
			for (int y = 0; y < h; y++) {
				r.getSamples(0, y, w, 1, 0, row);
				for (int x = 0; x < w; x++) px[y * w + x] = (short) row[x];
			}
			return new ShortProcessor(w, h, px, null);
		}
		if (grey && r.getDataBuffer().getDataType() == DataBuffer.TYPE_BYTE && r.getSampleModel().getSampleSize(0) == 8) {
			byte[] px = new byte[w * h];
			int[] row = new int[w];
			for (int y = 0; y < h; y++) {
				r.getSamples(0, y, w, 1, 0, row);
				for (int x = 0; x < w; x++) px[y * w + x] = (byte) row[x];
			}
			return new ByteProcessor(w, h, px, null);
		}
		return new ColorProcessor(bi);
	}
}
