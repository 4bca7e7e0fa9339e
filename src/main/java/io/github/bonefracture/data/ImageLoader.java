package io.github.bonefracture.data;

import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.dicom.DicomException;
import io.github.bonefracture.dicom.DicomImages;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;
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
import java.util.Optional;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Opens one x-ray file as an ImagePlus, or says precisely why it cannot.
 * ImageJ's own openers report failures in dialogs or the log and return null;
 * here every failure is an exception naming the file and the reason.
 */
public final class ImageLoader {

	/** Default pixel limit: 10000x10000, far above any radiograph, far below a decompression bomb. */
	public static final double DEFAULT_MEGAPIXELS = 100;
	/** The highest limit a user may set. */
	public static final double MAX_MEGAPIXELS = 10_000;
	public static final long DEFAULT_MAX_PIXELS = pixels(DEFAULT_MEGAPIXELS);

	/** The pixel limit as a count, from the option max_megapixels. */
	public static long pixels(double megapixels) {
		return (long) (megapixels * 1e6);
	}
	/**
	 * Images above this many pixels are decoded subsampled where the format
	 * allows (PNG, JPEG, GIF, BMP): 4096x4096 is more than any use here needs
	 * (the networks see 150 to 1024 px; annotated copies are bounded too).
	 */
	public static final long WORKING_PIXELS = 4096L * 4096L;

	private ImageLoader() {}

	/** Loads with the default pixel limit. */
	public static ImagePlus load(Path file) throws UnreadableImageException {
		return load(file, DEFAULT_MAX_PIXELS);
	}

	/**
	 * Loads one image, refusing from its header alone one that declares more
	 * than maxPixels (all slices counted), before any pixel is decoded.
	 */
	public static ImagePlus load(Path file, long maxPixels) throws UnreadableImageException {
		ImageFormat format = format(file);
		long[] size = declaredSize(file, format);
		long pixels = size[0] * size[1] * size[2];
		if (pixels > maxPixels)
			throw new UnreadableImageException(file, String.format(Locale.ROOT,
				"%dx%d pixels%s (%.0f megapixels) is above the limit of %.0f megapixels (option max_megapixels / --max-megapixels)",
				size[0], size[1], size[2] > 1 ? " x " + size[2] + " slices" : "", pixels / 1e6, maxPixels / 1e6));
		ImagePlus imp;
		try {
			switch (format) {
				case TIFF: imp = openTiff(file); break;
				case DICOM: imp = DicomImages.open(file); break;
				default: imp = openWithImageIO(file, pixels); break;
			}
		} catch (UnreadableImageException e) {
			throw e;
		} catch (DicomException e) {
			throw new UnreadableImageException(file, "DICOM: " + e.getMessage(), e);
		} catch (IOException | RuntimeException e) {
			throw new UnreadableImageException(file, "corrupt or truncated " + format + " (" + e.getMessage() + ")", e);
		} catch (OutOfMemoryError e) {
			throw new UnreadableImageException(file, "too large to decode in this Java's memory (" + size[0] + "x" + size[1]
				+ " pixels; raise -Xmx or lower max_megapixels)", e);
		}
		if (imp == null || imp.getWidth() < 1 || imp.getHeight() < 1)
			throw new UnreadableImageException(file, "corrupt " + format + ": no pixels could be decoded");
		return imp;
	}

	/** Width, height and slices as the file's header declares them, or unreadable with the reason. */
	public static long[] declaredSize(Path file) throws UnreadableImageException {
		return declaredSize(file, format(file));
	}

	private static ImageFormat format(Path file) throws UnreadableImageException {
		long size;
		try {
			size = Files.size(file);
		} catch (IOException e) {
			throw new UnreadableImageException(file, "cannot be read (" + OutputFiles.reason(e) + ")", e);
		}
		if (size == 0) throw new UnreadableImageException(file, "empty file (0 bytes)");
		Optional<ImageFormat> format;
		try {
			format = ImageFormat.sniff(file);
		} catch (IOException e) {
			throw new UnreadableImageException(file, "cannot be read (" + OutputFiles.reason(e) + ")", e);
		}
		if (format.isEmpty()) {
			Optional<ImageFormat> claimed = ImageFormat.fromName(file.getFileName().toString());
			throw new UnreadableImageException(file, claimed.isEmpty() ? "not an image file"
				: "named as " + claimed.get() + " but its content is not an image of any known format");
		}
		return format.get();
	}

	private static long[] declaredSize(Path file, ImageFormat format) throws UnreadableImageException {
		long[] s;
		try {
			switch (format) {
				case TIFF: s = tiffSize(file); break;
				case DICOM: s = DicomImages.declaredSize(file); break;
				default: s = imageIoSize(file); break;
			}
		} catch (UnreadableImageException e) {
			throw e;
		} catch (DicomException e) {
			throw new UnreadableImageException(file, "DICOM: " + e.getMessage(), e);
		} catch (IOException | RuntimeException e) {
			throw new UnreadableImageException(file, "corrupt " + format + " header (" + e.getMessage() + ")", e);
		}
		if (s[0] < 1 || s[1] < 1) throw new UnreadableImageException(file, "corrupt " + format + " header: size " + s[0] + "x" + s[1]);
		return s;
	}

	private static long[] imageIoSize(Path file) throws IOException {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			ImageReader reader = reader(file, in);
			try {
				reader.setInput(in, true, true);
				return new long[] {reader.getWidth(0), reader.getHeight(0), 1};
			} finally {
				reader.dispose();
			}
		}
	}

	private static long[] tiffSize(Path file) throws IOException {
		Path dir = file.toAbsolutePath().getParent();
		FileInfo[] info = new TiffDecoder(dir + java.io.File.separator, file.getFileName().toString()).getTiffInfo();
		if (info == null || info.length == 0) throw new IOException("no image directory");
		long w = 0, h = 0, slices = 0;
		for (FileInfo fi : info) {
			w = Math.max(w, fi.width);
			h = Math.max(h, fi.height);
			slices += Math.max(1, fi.nImages);
		}
		return new long[] {w, h, slices};
	}

	private static ImagePlus openTiff(Path file) {
		Path dir = file.toAbsolutePath().getParent();
		return new Opener().openTiff(dir + java.io.File.separator, file.getFileName().toString());
	}

	private static ImageReader reader(Path file, ImageInputStream in) throws UnreadableImageException {
		Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
		if (readers == null || !readers.hasNext()) throw new UnreadableImageException(file, "no decoder for this file");
		return readers.next();
	}

	/** Decodes one copy, subsampled while reading when the image is above the working size. */
	private static ImagePlus openWithImageIO(Path file, long pixels) throws IOException {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			ImageReader reader = reader(file, in);
			try {
				reader.setInput(in, true, true);
				// A truncated JPEG decodes to grey with only a warning: treat it as damage.
				StringBuilder warnings = new StringBuilder();
				reader.addIIOReadWarningListener((source, warning) -> warnings.append(warning).append("; "));
				ImageReadParam param = reader.getDefaultReadParam();
				int step = subsampling(pixels);
				if (step > 1) param.setSourceSubsampling(step, step, 0, 0);
				BufferedImage bi = reader.read(0, param);
				if (warnings.length() > 0) throw new UnreadableImageException(file, "damaged image data: " + warnings);
				return new ImagePlus(file.getFileName().toString(), toProcessor(bi));
			} finally {
				reader.dispose();
			}
		}
	}

	/** The whole-pixel step that brings an image of this many pixels within the working size. */
	static int subsampling(long pixels) {
		int step = 1;
		while (pixels / ((long) step * step) > WORKING_PIXELS) step++;
		return step;
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
