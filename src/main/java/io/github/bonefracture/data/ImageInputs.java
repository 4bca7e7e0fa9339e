package io.github.bonefracture.data;

import io.github.bonefracture.core.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The images a detection run reads, and the paths below its input that could not be used. */
public final class ImageInputs {
	/** The folder the files are below (an input file's own folder): annotated copies mirror paths relative to it. */
	public final Path root;
	public final List<Path> files;
	public final List<FileTree.Problem> problems;

	private ImageInputs(Path root, List<Path> files, List<FileTree.Problem> problems) {
		this.root = root;
		this.files = files;
		this.problems = problems;
	}

	public int size() {
		return files.size() + problems.size();
	}

	/**
	 * The file itself, or every image file below a folder (links followed,
	 * hidden files skipped) with the links and folders that could not be read.
	 * No image at all is an error that says so.
	 */
	public static ImageInputs of(Path input) {
		return of(input, null);
	}

	/**
	 * As {@link #of(Path)}, leaving out whatever lies below excluded (the run's
	 * output folder inside its input: a second run must not judge the first
	 * run's annotated copies).
	 */
	public static ImageInputs of(Path input, Path excluded) {
		if (input == null || !Files.exists(input)) throw new InvalidInputException("Input not found: " + input);
		if (!Files.isDirectory(input)) return new ImageInputs(input.toAbsolutePath().getParent(), List.of(input), List.of());
		FileTree tree = FileTree.walk(input);
		List<Path> files = new ArrayList<>();
		List<FileTree.Problem> problems = new ArrayList<>();
		Path out = excluded == null ? null : excluded.toAbsolutePath().normalize();
		for (Path p : tree.files()) {
			String name = p.getFileName().toString();
			if (hidden(input.relativize(p)) || !ImageFormat.mayBeImage(name)) continue;
			if (out != null && p.toAbsolutePath().normalize().startsWith(out)) continue;
			if (ImageFormat.fromName(name) != null || sniffsAsImage(p)) files.add(p);
			else problems.add(new FileTree.Problem(p, "no extension, and its content is none of " + java.util.Arrays.toString(ImageFormat.values())));
		}
		for (FileTree.Problem p : tree.problems()) if (!hidden(input.relativize(p.path))) problems.add(p);
		if (files.isEmpty() && problems.isEmpty())
			throw new InvalidInputException("No images in " + input + " (looked for .png, .jpg, .jpeg, .gif, .bmp, .tif, .tiff, .dcm and DICOM without an extension at any depth)");
		return new ImageInputs(input, files, problems);
	}

	private static boolean sniffsAsImage(Path file) {
		try {
			return ImageFormat.sniff(file) != null;
		} catch (java.io.IOException e) {
			// Unreadable: it goes on as a file, and its reading names the reason.
			return true;
		}
	}

	private static boolean hidden(Path rel) {
		for (Path part : rel) if (part.toString().startsWith(".")) return true;
		return false;
	}
}
