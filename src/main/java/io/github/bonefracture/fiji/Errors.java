package io.github.bonefracture.fiji;

import io.github.bonefracture.core.CanceledException;
import io.github.bonefracture.core.InvalidInputException;

import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;

/** How a command ends when the core fails: a clear message, the command canceled with it (a macro stops). */
final class Errors {
	private Errors() {}

	static void fail(ContextCommand command, LogService log, String what, RuntimeException e) {
		String message;
		if (e instanceof CanceledException) message = what + ": canceled";
		else if (e instanceof InvalidInputException) message = what + ": " + e.getMessage();
		else message = what + " failed: " + e;
		if (log != null) {
			if (e instanceof InvalidInputException || e instanceof CanceledException) log.error(message);
			else log.error(message, e);
		}
		command.cancel(message);
	}
}
