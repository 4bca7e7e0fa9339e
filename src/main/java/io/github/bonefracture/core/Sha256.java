package io.github.bonefracture.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 as the lowercase hex string checksums are written in. */
public final class Sha256 {
	private Sha256() {}

	public static String hex(byte[] data) {
		try {
			StringBuilder s = new StringBuilder();
			for (byte b : MessageDigest.getInstance("SHA-256").digest(data)) s.append(String.format("%02x", b));
			return s.toString();
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java has SHA-256", e);
		}
	}
}
