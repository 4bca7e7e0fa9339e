package io.github.bonefracture.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A zip handed over by someone else (models and generators travel): entries
 * by name, refusing duplicates (which readers would resolve differently),
 * and entry bytes that stop at a limit whatever the header claims. Refusals
 * come from the caller's function, so they name its file and kind.
 */
public final class BoundedZip implements AutoCloseable {

	private final ZipFile zip;
	private final Map<String, ZipEntry> entries = new HashMap<>();
	private final Function<String, RuntimeException> refuse;

	/** Opens file; refuse turns a problem ("is empty") into the caller's exception. */
	public BoundedZip(Path file, Function<String, RuntimeException> refuse) throws IOException {
		this.refuse = refuse;
		this.zip = new ZipFile(file.toFile());
		try {
			Enumeration<? extends ZipEntry> e = zip.entries();
			while (e.hasMoreElements()) {
				ZipEntry z = e.nextElement();
				if (entries.put(z.getName(), z) != null) throw refuse.apply("is damaged or tampered with: it holds two entries named " + z.getName());
			}
			if (entries.isEmpty()) throw refuse.apply("is an empty zip");
		} catch (RuntimeException ex) {
			zip.close();
			throw ex;
		}
	}

	public boolean has(String name) {
		return entries.containsKey(name);
	}

	/** An entry's bytes, refusing one that inflates past limit whatever its header claims. */
	public byte[] bytes(String name, long limit) throws IOException {
		ZipEntry entry = entries.get(name);
		if (entry.getSize() > limit) throw refuse.apply("is damaged: " + name + " declares " + entry.getSize() + " bytes, more than " + limit + " allowed");
		try (InputStream in = zip.getInputStream(entry)) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buf = new byte[1 << 16];
			long total = 0;
			int r;
			while ((r = in.read(buf)) > 0) {
				total += r;
				if (total > limit) throw refuse.apply("is damaged: " + name + " inflates past " + limit + " bytes, more than allowed");
				out.write(buf, 0, r);
			}
			return out.toByteArray();
		}
	}

	public InputStream stream(String name) throws IOException {
		return zip.getInputStream(entries.get(name));
	}

	@Override
	public void close() throws IOException {
		zip.close();
	}
}
