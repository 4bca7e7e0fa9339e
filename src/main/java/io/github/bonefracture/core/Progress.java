package io.github.bonefracture.core;

/**
 * How the core reports to whoever runs it, without knowing whether that is a
 * Fiji status bar, a console bar or a test. It is also where the core asks
 * whether the user has cancelled.
 */
public interface Progress {

	/** A reporter that says nothing and never cancels. */
	Progress NONE = new Progress() {};

	/** A line worth keeping in a log. */
	default void info(String message) {}

	/** Something the user should know about though work goes on. */
	default void warn(String message) {}

	/** Work done so far out of total, with what is being done now. */
	default void progress(String task, long done, long total) {}

	/** Checked between batches, epochs and folds. */
	default boolean isCanceled() {
		return false;
	}

	/** Throws {@link CanceledException} when the user has asked to stop. */
	default void checkCanceled() {
		if (isCanceled()) throw new CanceledException();
	}
}
