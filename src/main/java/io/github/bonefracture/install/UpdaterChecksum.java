package io.github.bonefracture.install;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The checksums Fiji's updater records (imagej-updater, UpdaterUtil): SHA-1.
 * For a .jar, over its entries sorted by name, each as name then content,
 * with '#' comment lines of .properties files dropped (their date changes
 * every build) and the manifest reduced to nothing (the updater keeps only
 * lines matching "Main-Class:" after upper-casing them, which none do). For
 * any other file, over its path and its bytes.
 */
public final class UpdaterChecksum {

	private UpdaterChecksum() {}

	public static String of(String path, Path file) throws IOException {
		MessageDigest sha1 = sha1();
		if (path.endsWith(".jar")) {
			try (JarFile jar = new JarFile(file.toFile())) {
				List<JarEntry> entries = new ArrayList<>(Collections.list(jar.entries()));
				entries.sort(Comparator.comparing(JarEntry::getName));
				for (JarEntry e : entries) {
					sha1.update(e.getName().getBytes(StandardCharsets.US_ASCII));
					if (e.getName().equals("META-INF/MANIFEST.MF")) continue;
					try (InputStream in = jar.getInputStream(e)) {
						byte[] bytes = in.readAllBytes();
						sha1.update(e.getName().endsWith(".properties") ? withoutHashedLines(bytes) : bytes);
					}
				}
			}
		} else {
			sha1.update(path.getBytes(StandardCharsets.US_ASCII));
			sha1.update(Files.readAllBytes(file));
		}
		StringBuilder sb = new StringBuilder();
		for (byte b : sha1.digest()) sb.append(String.format("%02x", b));
		return sb.toString();
	}

	/**
	 * The updater's filter for .properties files, state for state: a '#' at a
	 * line start swallows the rest of that line but not its line break (so
	 * "#a\n" becomes "\n", and after an empty comment "#\n" the next line does
	 * not count as starting a line).
	 */
	static byte[] withoutHashedLines(byte[] in) {
		HashedLineFilter f = new HashedLineFilter(in);
		ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
		for (int c = f.read(); c >= 0; c = f.read()) out.write(c);
		return out.toByteArray();
	}

	private static final class HashedLineFilter {
		private final byte[] in;
		private int pos;
		private boolean atLineStart = true;

		HashedLineFilter(byte[] in) {
			this.in = in;
		}

		int read() {
			int ch = pos < in.length ? in[pos++] & 0xff : -1;
			if (atLineStart) {
				if (ch == '#') {
					do {
						ch = read();
					} while (ch != '\n' && ch != -1);
				} else {
					atLineStart = false;
				}
			} else if (ch == '\n') {
				atLineStart = true;
			}
			return ch;
		}
	}

	private static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
