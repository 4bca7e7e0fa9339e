package io.github.bonefracture.fiji;

import io.github.bonefracture.core.CanceledException;
import io.github.bonefracture.core.InvalidInputException;

import ij.IJ;
import ij.Macro;

import org.scijava.Cancelable;
import org.scijava.log.LogService;

/**
 * How a command ends when the core fails or is stopped: the log says what
 * happened, the command is canceled with the message, and a running macro
 * stops there instead of going on to its next line.
 */
final class Errors {
	private Errors() {}

	/** Characters per line of an error dialog: ImageJ's dialogs do not wrap. */
	static final int WIDTH = 80;

	static void fail(Cancelable command, LogService log, String what, RuntimeException e) {
		String message;
		if (e instanceof CanceledException) message = what + ": canceled";
		else if (e instanceof InvalidInputException) message = what + ": " + e.getMessage();
		else message = what + " failed: " + e;
		if (log != null) {
			if (e instanceof InvalidInputException || e instanceof CanceledException) log.error(message);
			else log.error(message, e);
		}
		command.cancel(wrap(message));
		abortMacro();
	}

	/** Stops the ImageJ macro that called this command, if one did (it would otherwise go on to its next line). */
	static void abortMacro() {
		if (Macro.getOptions() != null || ij.macro.Interpreter.getInstance() != null) {
			ij.macro.Interpreter i = ij.macro.Interpreter.getInstance();
			if (i != null) i.abortMacro();
		}
	}

	/** The message broken into lines of at most WIDTH characters at spaces (a long path stays whole). */
	static String wrap(String message) {
		StringBuilder out = new StringBuilder();
		for (String paragraph : message.split("\n", -1)) {
			int col = 0;
			for (String word : paragraph.split(" ")) {
				if (col > 0 && col + 1 + word.length() > WIDTH) {
					out.append('\n');
					col = 0;
				} else if (col > 0) {
					out.append(' ');
					col++;
				}
				out.append(word);
				col += word.length();
			}
			out.append('\n');
		}
		return out.toString().stripTrailing();
	}

	/** ImageJ 1.x's error dialog, wrapped; in a macro, the macro stops. */
	static void ij1(String message) {
		IJ.error("Bone Fracture Detection", wrap(message));
		if (Macro.getOptions() != null) Macro.abort();
	}
}
