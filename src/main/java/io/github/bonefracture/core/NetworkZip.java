package io.github.bonefracture.core;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The one layout of the plugin's network files (models and image
 * generators): metadata.json, configuration.json, coefficients.bin, written
 * whole or not at all.
 */
public final class NetworkZip {
	public static final String METADATA = "metadata.json";
	public static final String CONFIGURATION = "configuration.json";
	public static final String COEFFICIENTS = "coefficients.bin";

	private NetworkZip() {}

	/**
	 * coefficients writes the parameters into the open entry (ND4J's binary
	 * format). The JSON is made inside the write, so everything after the
	 * temporary file exists is one step that either completes or leaves it.
	 */
	public static void write(Path file, Supplier<byte[]> metadata, Supplier<byte[]> configuration, OutputFiles.StreamWriter coefficients) {
		write(file, metadata, configuration, coefficients, java.util.Map.of());
	}

	/** The same with further entries after the coefficients (name to bytes, made inside the write as the JSON is). */
	public static void write(Path file, Supplier<byte[]> metadata, Supplier<byte[]> configuration, OutputFiles.StreamWriter coefficients,
		java.util.Map<String, Supplier<byte[]>> more)
	{
		OutputFiles.writeStream(file, out -> {
			ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out));
			put(zip, METADATA, metadata.get());
			put(zip, CONFIGURATION, configuration.get());
			zip.putNextEntry(new ZipEntry(COEFFICIENTS));
			coefficients.write(zip);
			zip.closeEntry();
			for (java.util.Map.Entry<String, Supplier<byte[]>> e : more.entrySet()) put(zip, e.getKey(), e.getValue().get());
			zip.finish();
			zip.flush();
		});
	}

	private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(data);
		zip.closeEntry();
	}
}
