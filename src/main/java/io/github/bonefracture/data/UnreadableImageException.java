package io.github.bonefracture.data;

import java.io.IOException;
import java.nio.file.Path;

/** An image file that cannot be used, with the file and the reason. */
public class UnreadableImageException extends IOException {
	private static final long serialVersionUID = 1L;

	private final transient Path file;
	private final String reason;

	public UnreadableImageException(Path file, String reason) {
		this(file, reason, null);
	}

	public UnreadableImageException(Path file, String reason, Throwable cause) {
		super(file + ": " + reason, cause);
		this.file = file;
		this.reason = reason;
	}

	public Path file() {
		return file;
	}

	public String reason() {
		return reason;
	}
}
