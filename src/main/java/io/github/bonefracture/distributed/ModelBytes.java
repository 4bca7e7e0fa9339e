package io.github.bonefracture.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** A model file that travels as bytes (from any file system, by broadcast), read through a local temporary copy. */
final class ModelBytes {
	private ModelBytes() {}

	static <T> T read(byte[] model, Function<Path, T> reader) {
		try {
			Path file = Files.createTempFile("bfd-model-", ".zip");
			try {
				Files.write(file, model);
				// The readers hold everything they need in memory: the copy goes at once.
				return reader.apply(file);
			} finally {
				Files.deleteIfExists(file);
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot make a local copy of the model", e);
		}
	}
}
