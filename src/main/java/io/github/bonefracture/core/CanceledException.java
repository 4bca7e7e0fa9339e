package io.github.bonefracture.core;

/** Thrown by the core when the user cancels; nothing half-done is kept. */
public class CanceledException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public CanceledException() {
		super("Canceled by the user");
	}
}
