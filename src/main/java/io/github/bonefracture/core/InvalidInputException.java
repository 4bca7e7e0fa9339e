package io.github.bonefracture.core;

/** Bad input from the user: a message meant to be read by them, no stack trace needed. */
public class InvalidInputException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public InvalidInputException(String message) {
		super(message);
	}

	public InvalidInputException(String message, Throwable cause) {
		super(message, cause);
	}
}
