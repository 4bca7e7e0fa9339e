package io.github.bonefracture.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Image formats this project reads, recognised by content, not only by name. */
public enum ImageFormat {
	PNG, JPEG, GIF, BMP, TIFF, DICOM;

	/** The format a file name claims; empty when the name is not an image's. */
	public static Optional<ImageFormat> fromName(String fileName) {
		String n = fileName.toLowerCase(Locale.ROOT);
		int dot = n.lastIndexOf('.');
		if (dot < 0) return Optional.empty();
		switch (n.substring(dot + 1)) {
			case "png": return Optional.of(PNG);
			case "jpg": case "jpeg": return Optional.of(JPEG);
			case "gif": return Optional.of(GIF);
			case "bmp": return Optional.of(BMP);
			case "tif": case "tiff": return Optional.of(TIFF);
			case "dcm": case "dicom": return Optional.of(DICOM);
			default: return Optional.empty();
		}
	}

	/**
	 * The one rule every face (detect, train, inspect, k-fold, Spark) uses for
	 * the files of an input folder: whether the file is an input (its name
	 * claims an image, or its content is one: DICOM exports are often named
	 * by UID or have no extension); when not, {@link #NOT_AN_IMAGE} says why.
	 * A file that claims an image by name but is damaged, or cannot be read,
	 * is an input: reading it names the problem.
	 */
	public static boolean isInput(Path file) {
		if (fromName(file.getFileName().toString()).isPresent()) return true;
		try {
			return sniff(file).isPresent();
		} catch (IOException e) {
			return true;
		}
	}

	/** One line naming files not used as images, for the end of a run (the first ten by name); nothing for none. */
	public static Optional<String> notUsedLine(List<?> files) {
		if (files.isEmpty()) return Optional.empty();
		StringBuilder s = new StringBuilder(files.size() + " file(s) not used, " + NOT_AN_IMAGE + ": ");
		for (int i = 0; i < Math.min(10, files.size()); i++) s.append(i == 0 ? "" : ", ").append(files.get(i));
		if (files.size() > 10) s.append(" and ").append(files.size() - 10).append(" more");
		return Optional.of(s.toString());
	}

	/** Why a file that neither its name nor its content shows as an image is not used. */
	public static final String NOT_AN_IMAGE = "not an image (neither its name nor its content is PNG, JPEG, GIF, BMP, TIFF or DICOM)";

	/** The format the first bytes show; empty when they show no known image. */
	public static Optional<ImageFormat> sniff(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return sniff(in);
		}
	}

	/** The format the stream's first bytes show; empty when they show no known image. */
	public static Optional<ImageFormat> sniff(InputStream in) throws IOException {
		byte[] head = new byte[132];
		int n = in.readNBytes(head, 0, head.length);
		// DICOM first: its 128-byte preamble is free, and may hold a TIFF header (a file that is both).
		if (n >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') return Optional.of(DICOM);
		if (n >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') return Optional.of(PNG);
		if (n >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) return Optional.of(JPEG);
		if (n >= 4 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') return Optional.of(GIF);
		if (n >= 2 && head[0] == 'B' && head[1] == 'M') return Optional.of(BMP);
		if (n >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0) ||
			(head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))) return Optional.of(TIFF);
		return Optional.empty();
	}
}
