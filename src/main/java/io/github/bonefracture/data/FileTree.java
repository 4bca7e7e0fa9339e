package io.github.bonefracture.data;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.OutputFiles;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

/**
 * The files below a folder as a user means them: symbolic links followed
 * (a linked class folder is part of the dataset), a link loop reported once
 * and not walked, a dangling link or an unlistable folder reported as
 * unreadable. Order is sorted, so a seed reproduces a split.
 */
public final class FileTree {

	/** A path that could not be used, and why. */
	public static final class Problem {
		public final Path path;
		public final String reason;

		Problem(Path path, String reason) {
			this.path = path;
			this.reason = reason;
		}

		@Override
		public String toString() {
			return path + ": " + reason;
		}
	}

	private final List<Path> files;
	private final List<Problem> problems;

	private FileTree(List<Path> files, List<Problem> problems) {
		this.files = files;
		this.problems = problems;
	}

	/** Walks root (following links); throws only when root itself cannot be listed. */
	public static FileTree walk(Path root) {
		if (root == null || !Files.isDirectory(root)) throw new InvalidInputException("Folder not found: " + root);
		List<Path> files = new ArrayList<>();
		List<Problem> problems = new ArrayList<>();
		try {
			Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<Path>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
					// Following links, a link whose target is gone arrives with the link's own attributes.
					if (attrs.isSymbolicLink()) problems.add(new Problem(file, "broken symbolic link (its target does not exist)"));
					else if (attrs.isRegularFile()) files.add(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException e) {
					if (e instanceof FileSystemLoopException)
						problems.add(new Problem(file, "symbolic link loop (it leads back to a folder above it); not followed"));
					else problems.add(new Problem(file, "cannot be read (" + OutputFiles.reason(e) + ")"));
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException e) {
					if (e != null) problems.add(new Problem(dir, "folder cannot be listed (" + OutputFiles.reason(e) + ")"));
					return FileVisitResult.CONTINUE;
				}
			});
		} catch (IOException e) {
			throw new InvalidInputException("Cannot list folder " + root + ": " + OutputFiles.reason(e), e);
		}
		Collections.sort(files);
		problems.sort((a, b) -> a.path.compareTo(b.path));
		return new FileTree(Collections.unmodifiableList(files), Collections.unmodifiableList(problems));
	}

	public List<Path> files() {
		return files;
	}

	public List<Problem> problems() {
		return problems;
	}
}
