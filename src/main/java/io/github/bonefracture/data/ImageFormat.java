package io.github.bonefracture.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Image formats this project reads, recognised by content, not only by name. */
public enum ImageFormat {
	PNG, JPEG, GIF, BMP, TIFF, DICOM;

	/** The format a file name claims, or null when the name is not an image's. */
	public static ImageFormat fromName(String fileName) {
		String n = fileName.toLowerCase(Locale.ROOT);
		int dot = n.lastIndexOf('.');
		if (dot < 0) return null;
		switch (n.substring(dot + 1)) {
			case "png": return PNG;
			case "jpg": case "jpeg": return JPEG;
			case "gif": return GIF;
			case "bmp": return BMP;
			case "tif": case "tiff": return TIFF;
			case "dcm": case "dicom": return DICOM;
			default: return null;
		}
	}

	/** True for names without an extension, which DICOM files often have. */
	static boolean hasNoExtension(String fileName) {
		return fileName.indexOf('.') < 0;
	}

	/**
	 * Whether a file of this name is looked at as a possible image by every
	 * face (detect, train, inspect, k-fold, Spark): an image's extension, or
	 * none (as PACS exports name DICOM files). Its content then decides.
	 */
	public static boolean mayBeImage(String fileName) {
		return fromName(fileName) != null || hasNoExtension(fileName);
	}

	/** The format the first bytes show, or null when they show no known image. */
	public static ImageFormat sniff(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return sniff(in);
		}
	}

	/** The format the stream's first bytes show, or null when they show no known image. */
	public static ImageFormat sniff(InputStream in) throws IOException {
		byte[] head = new byte[132];
		int n = in.readNBytes(head, 0, head.length);
		// DICOM first: its 128-byte preamble is free, and may hold a TIFF header (a file that is both).
		if (n >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') return DICOM;
		if (n >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') return PNG;
		if (n >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) return JPEG;
		if (n >= 4 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') return GIF;
		if (n >= 2 && head[0] == 'B' && head[1] == 'M') return BMP;
		if (n >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0) ||
			(head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))) return TIFF;
		return null;
	}
}
