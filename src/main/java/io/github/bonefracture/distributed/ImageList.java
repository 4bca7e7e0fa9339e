package io.github.bonefracture.distributed;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.data.ImageFormat;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The images a distributed run works on, listed once on the driver: every
 * image file below a folder, the paths in a text file (one per line, # for
 * comments, relative ones against the list's folder), or the files a glob
 * matches. Every file that is not hidden is listed (hidden folders skipped):
 * whether it is an image, its executor decides by content as detect does;
 * fully qualified, sorted.
 */
final class ImageList {

	final List<String> files;
	/** The folder the annotated copies mirror, or null for a list or a glob (they mirror the full path). */
	final String root;

	private ImageList(List<String> files, String root) {
		this.files = files;
		this.root = root;
	}

	static ImageList of(String input, HadoopFiles hadoop) {
		Path p = new Path(input);
		FileSystem fs = hadoop.fs(input);
		try {
			TreeSet<String> out = new TreeSet<>();
			if (isGlob(input)) {
				FileStatus[] matched = fs.globStatus(p);
				if (matched == null || matched.length == 0) throw new InvalidInputException("No file matches " + input);
				for (FileStatus s : matched) add(fs, s, out);
				return new ImageList(new ArrayList<>(out), null);
			}
			if (!fs.exists(p)) throw new InvalidInputException("Input " + input + " does not exist");
			FileStatus s = fs.getFileStatus(p);
			if (s.isDirectory()) {
				add(fs, s, out);
				return new ImageList(new ArrayList<>(out), fs.makeQualified(p).toString());
			}
			if (ImageFormat.fromName(p.getName()).isPresent() || sniffsAsImage(fs, p))
				return new ImageList(List.of(fs.makeQualified(p).toString()), null);
			// Anything else is a list of paths.
			for (String line : new String(hadoop.read(input), StandardCharsets.UTF_8).split("\\R")) {
				String l = line.trim();
				if (l.isEmpty() || l.startsWith("#")) continue;
				Path f = new Path(l).isAbsoluteAndSchemeAuthorityNull() || new Path(l).toUri().getScheme() != null ? new Path(l) : new Path(p.getParent(), l);
				out.add(f.getFileSystem(hadoop.conf()).makeQualified(f).toString());
			}
			if (out.isEmpty()) throw new InvalidInputException("The list " + input + " names no file");
			return new ImageList(new ArrayList<>(out), null);
		} catch (IOException e) {
			throw new InvalidInputException("Cannot list " + input + ": " + e.getMessage());
		}
	}

	private static void add(FileSystem fs, FileStatus s, TreeSet<String> out) throws IOException {
		if (!s.isDirectory()) {
			if (candidate(s.getPath())) out.add(fs.makeQualified(s.getPath()).toString());
			return;
		}
		// Folder by folder with listStatus, not listFiles: on a local file system without Hadoop's native library,
		// listFiles asks each file's permissions from a forked `ls` (hours for an archive of 100,000 images).
		ArrayDeque<Path> folders = new ArrayDeque<>(List.of(s.getPath()));
		while (!folders.isEmpty()) {
			for (FileStatus f : fs.listStatus(folders.poll())) {
				if (f.getPath().getName().startsWith(".")) continue;
				if (f.isDirectory()) folders.add(f.getPath());
				else if (candidate(f.getPath())) out.add(fs.makeQualified(f.getPath()).toString());
			}
		}
	}

	private static boolean candidate(Path f) {
		// Every file is a candidate: its content decides, on the executor that reads it (ImageFormat.isInput).
		return !f.getName().startsWith(".");
	}

	private static boolean sniffsAsImage(FileSystem fs, Path file) throws IOException {
		try (java.io.InputStream in = fs.open(file)) {
			return ImageFormat.sniff(in).isPresent();
		}
	}

	private static boolean isGlob(String s) {
		return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
	}
}
