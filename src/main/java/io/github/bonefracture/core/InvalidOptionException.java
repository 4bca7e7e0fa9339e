package io.github.bonefracture.core;

/**
 * An option's value that cannot be used, found where the option is parsed:
 * the front ends name the option their own way (the command line's
 * {@code --image-size}, the macro key {@code image_size}).
 */
public class InvalidOptionException extends InvalidInputException {
	private static final long serialVersionUID = 1L;

	private final String key;
	private final String problem;

	/** @param key the option's name with underscores, as a macro key: "image_size" */
	public InvalidOptionException(String key, String problem) {
		super("Invalid value for " + key + ": " + problem);
		this.key = key;
		this.problem = problem;
	}

	public String key() {
		return key;
	}

	public String problem() {
		return problem;
	}

	/** The command line's spelling of the key: image_size is --image-size. */
	public String cliName() {
		return "--" + key.replace('_', '-');
	}
}
