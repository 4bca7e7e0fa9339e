package io.github.bonefracture.engine;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a model was trained on, by content and not by path: the SHA-256 of
 * each training image file's bytes, in the model file's own entry. Evaluate
 * Model compares a test set with it, so images the model has seen are not
 * taken for an external test.
 */
public final class TrainingImages {
	/** The model file's entry: one lowercase hex SHA-256 per line, sorted. */
	public static final String ENTRY = "training-images.sha256";
	/** Bytes per line of the entry. */
	static final int LINE = 65;

	private TrainingImages() {}

	/** The hashes of these files' bytes. */
	static Set<String> of(List<Path> files) {
		Set<String> h = new TreeSet<>();
		for (Path f : files) h.add(hash(f));
		return h;
	}

	/** The SHA-256 of a file's bytes; a file that cannot be read is named. */
	public static String hash(Path file) {
		try {
			return Sha256.hex(Files.readAllBytes(file));
		} catch (IOException e) {
			throw new InvalidInputException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	static byte[] entry(Set<String> hashes) {
		StringBuilder sb = new StringBuilder();
		for (String h : hashes) sb.append(h).append('\n');
		return sb.toString().getBytes(StandardCharsets.US_ASCII);
	}

	/** The hashes from the entry's bytes, refused unless every line is one hash. */
	static Set<String> read(byte[] bytes, int count) {
		Set<String> h = new TreeSet<>();
		for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\n")) {
			if (line.isEmpty()) continue;
			if (!line.matches("[0-9a-f]{64}")) throw new IllegalArgumentException(ENTRY + " holds a line that is not a SHA-256");
			h.add(line);
		}
		if (h.size() != count) throw new IllegalArgumentException(ENTRY + " holds " + h.size() + " hashes, metadata.json says " + count);
		return h;
	}
}
