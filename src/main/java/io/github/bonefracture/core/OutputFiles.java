package io.github.bonefracture.core;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every file this tool writes goes through here: written beside its target
 * under a temporary name, forced to disk and moved into place, so a crash, a
 * cancel or a full disk never leaves half a file over a good one; created
 * with the user's umask (not 0600 as {@code Files.createTempFile} would).
 * The temporary name carries the writer's process id, so a later write can
 * tell the leftovers of a killed process from a write still running.
 */
public final class OutputFiles {

	/** Writes a whole file at the given (temporary) path; may throw on any I/O error. */
	@FunctionalInterface
	public interface PathWriter {
		void write(Path temporary) throws IOException;
	}

	/** Writes a whole file to a stream. */
	@FunctionalInterface
	public interface StreamWriter {
		void write(OutputStream out) throws IOException;
	}

	private static final String TEMP_PREFIX = ".bfd-";
	/** Leftovers of this tool: ".bfd-PID-RANDOM.NAME", and the ".NAMEdigits.part" of versions before 0.1. */
	private static final Pattern TEMP = Pattern.compile("\\.bfd-(\\d+)-[0-9a-z]+\\.(.+)");
	private static final Pattern OLD_TEMP = Pattern.compile("\\.(.+?)\\d+\\.part");

	private OutputFiles() {}

	/**
	 * Refuses, before any work, a file target that cannot be written: a folder
	 * where a file is meant, a parent that is a file, a folder that cannot take
	 * a new file. {@code what} names the option, e.g. "model file (-o)".
	 */
	public static void checkFile(Path file, String what) {
		if (file == null) throw new InvalidInputException("No " + what + " given");
		if (Files.isDirectory(file)) throw new InvalidInputException("The " + what + " " + file + " is a folder, not a file");
		Path parent = file.toAbsolutePath().getParent();
		checkWritableFolder(parent, what + " " + file);
	}

	/** The same for an output folder: not a file, and a new file can be made in it (or in what would hold it). */
	public static void checkFolder(Path dir, String what) {
		if (dir == null) throw new InvalidInputException("No " + what + " given");
		if (Files.exists(dir) && !Files.isDirectory(dir))
			throw new InvalidInputException("The " + what + " " + dir + " is a file, not a folder");
		checkWritableFolder(dir.toAbsolutePath(), what + " " + dir);
	}

	private static void checkWritableFolder(Path dir, String what) {
		Path existing = dir;
		while (existing != null && !Files.exists(existing)) existing = existing.getParent();
		if (existing == null) throw new InvalidInputException("Cannot write the " + what + ": no part of " + dir + " exists");
		if (!Files.isDirectory(existing))
			throw new InvalidInputException("Cannot write the " + what + ": " + existing + " is a file, not a folder");
		// Root passes every permission check, and a read-only mount says nothing until written: try it.
		Path probe = existing.resolve(TEMP_PREFIX + ProcessHandle.current().pid() + "-" + random() + ".probe");
		try {
			Files.createFile(probe);
			Files.delete(probe);
		} catch (IOException e) {
			throw new InvalidInputException("Cannot write the " + what + ": " + existing + " is not writable (" + reason(e) + ")", e);
		}
	}

	/** Writes target whole or not at all; an existing file there stays as it was on failure. */
	public static void write(Path target, PathWriter body) {
		Path dir = target.toAbsolutePath().getParent();
		Path tmp = null;
		try {
			Files.createDirectories(dir);
			removeStale(target);
			tmp = dir.resolve(TEMP_PREFIX + ProcessHandle.current().pid() + "-" + random() + "." + target.getFileName());
			Files.createFile(tmp);
			body.write(tmp);
			if (Files.size(tmp) == 0) throw new IOException("nothing was written");
			try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
				ch.force(true);
			}
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
			tmp = null;
		} catch (IOException | UncheckedIOException e) {
			throw new InvalidInputException("Could not write " + target + ": " + reason(e)
				+ (Files.exists(target) ? " (the existing file there is unchanged)" : ""), e);
		} finally {
			if (tmp != null) {
				try {
					Files.deleteIfExists(tmp);
				} catch (IOException ignored) {
					// A dot name of this tool's: the next write to the target removes it.
				}
			}
		}
	}

	public static void writeStream(Path target, StreamWriter body) {
		write(target, tmp -> {
			try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
				body.write(out);
			}
		});
	}

	public static void writeString(Path target, String text) {
		writeStream(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Removes this tool's temporary files for target whose writer is gone
	 * (killed, or a crash of an earlier version); a live writer's file stays.
	 */
	static void removeStale(Path target) throws IOException {
		Path dir = target.toAbsolutePath().getParent();
		String name = target.getFileName().toString();
		try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*")) {
			for (Path p : ds) {
				String n = p.getFileName().toString();
				Matcher m = TEMP.matcher(n);
				if (m.matches() && m.group(2).equals(name) && !alive(m.group(1))) Files.deleteIfExists(p);
				Matcher old = OLD_TEMP.matcher(n);
				if (old.matches() && old.group(1).equals(name)) Files.deleteIfExists(p);
			}
		}
	}

	private static boolean alive(String pid) {
		try {
			long id = Long.parseLong(pid);
			return id == ProcessHandle.current().pid() || ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false);
		} catch (NumberFormatException e) {
			return false;
		}
	}

	private static String random() {
		return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
	}

	/**
	 * The operating system's reason, without Java's exception class name: the
	 * innermost cause's ("No space left on device" under ImageIO's "I/O error
	 * writing PNG file!").
	 */
	public static String reason(Throwable e) {
		Throwable t = e;
		while (t.getCause() != null && t.getCause() != t && t.getCause().getMessage() != null) t = t.getCause();
		if (t instanceof java.nio.file.FileSystemException) {
			String r = ((java.nio.file.FileSystemException) t).getReason();
			if (r != null) return r;
		}
		return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
	}
}
