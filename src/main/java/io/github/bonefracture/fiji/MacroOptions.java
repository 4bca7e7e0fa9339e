package io.github.bonefracture.fiji;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.InvalidOptionException;

import ij.Macro;

import java.io.File;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the options string of an ImageJ macro call the way both worlds write
 * it: "key=value", "key=[value with spaces]", booleans as "key=true" (Fiji,
 * SciJava) or as the bare word (ImageJ 1.x's recorder).
 */
final class MacroOptions {
	private final String options;

	MacroOptions(String options) {
		this.options = options == null ? "" : options + " ";
	}

	String string(String key, String fallback) {
		String v = Macro.getValue(options, key, null);
		return v == null ? fallback : v;
	}

	File file(String key, boolean required) {
		String v = string(key, null);
		if (v == null || v.isBlank()) {
			if (required) throw new InvalidInputException("Macro option '" + key + "' is missing");
			return null;
		}
		return new File(v);
	}

	double number(String key, double fallback) {
		String v = string(key, null);
		if (v == null) return fallback;
		try {
			return Double.parseDouble(v);
		} catch (NumberFormatException e) {
			throw new InvalidOptionException(key, "'" + v + "' is not a number");
		}
	}

	/** A whole number; 1.5 or 1e12 is refused, not rounded or wrapped. */
	int integer(String key, int fallback) {
		double v = number(key, fallback);
		if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE)
			throw new InvalidOptionException(key, v + " is not a whole number");
		return (int) v;
	}

	boolean bool(String key, boolean fallback) {
		String v = Macro.getValue(options, key, null);
		if (v != null) return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
		if (Pattern.compile("(^|\\s)" + Pattern.quote(key) + "(\\s|$)").matcher(options).find()) return true;
		return fallback && !options.contains(key + "=");
	}
}
