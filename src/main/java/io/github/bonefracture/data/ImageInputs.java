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
	/** The files below the input that are not images, each with the reason: counted and named at the end of a run. */
	public final List<FileTree.Problem> notUsed;

	private ImageInputs(Path root, List<Path> files, List<FileTree.Problem> problems, List<FileTree.Problem> notUsed) {
		this.root = root;
		this.files = files;
		this.problems = problems;
		this.notUsed = notUsed;
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
		if (!Files.isDirectory(input)) return new ImageInputs(input.toAbsolutePath().getParent(), List.of(input), List.of(), List.of());
		FileTree tree = FileTree.walk(input);
		List<Path> files = new ArrayList<>();
		List<FileTree.Problem> problems = new ArrayList<>(), notUsed = new ArrayList<>();
		Path out = excluded == null ? null : excluded.toAbsolutePath().normalize();
		for (Path p : tree.files()) {
			if (hidden(input.relativize(p))) continue;
			if (out != null && p.toAbsolutePath().normalize().startsWith(out)) continue;
			if (ImageFormat.isInput(p)) files.add(p);
			else notUsed.add(new FileTree.Problem(p, ImageFormat.NOT_AN_IMAGE));
		}
		for (FileTree.Problem p : tree.problems()) if (!hidden(input.relativize(p.path))) problems.add(p);
		if (files.isEmpty() && problems.isEmpty())
			throw new InvalidInputException("No images in " + input + " (every file at any depth looked at: PNG, JPEG, GIF, BMP, TIFF, DICOM"
				+ (notUsed.isEmpty() ? "" : "; " + notUsed.size() + " other files") + ")");
		return new ImageInputs(input, files, problems, notUsed);
	}

	/** One line naming the files not used, for the end of a run; nothing when there are none. */
	public java.util.Optional<String> notUsedLine() {
		return ImageFormat.notUsedLine(notUsed.stream().map(p -> p.path).collect(java.util.stream.Collectors.toList()));
	}

	private static boolean hidden(Path rel) {
		for (Path part : rel) if (part.toString().startsWith(".")) return true;
		return false;
	}
}
