package io.github.bonefracture.core;

import java.util.Locale;

/** Range checks for numeric options, each naming its option (as a macro key) when it fails. */
public final class OptionCheck {

	private OptionCheck() {}

	/** A whole number in [min, max]. */
	public static int count(String key, long value, long min, long max) {
		if (value < min || value > max)
			throw new InvalidOptionException(key, value + " is out of range; it must be from " + min + " to " + max);
		return (int) value;
	}

	/** A finite number in [min, max]. */
	public static double closed(String key, double value, double min, double max) {
		finite(key, value);
		if (value < min || value > max)
			throw new InvalidOptionException(key, fmt(value) + " is out of range; it must be from " + fmt(min) + " to " + fmt(max));
		return value;
	}

	/** A finite number in (min, max]. */
	public static double aboveUpTo(String key, double value, double min, double max) {
		finite(key, value);
		if (!(value > min) || value > max)
			throw new InvalidOptionException(key, fmt(value) + " is out of range; it must be above " + fmt(min) + " and at most " + fmt(max));
		return value;
	}

	/** A finite number in the open interval (min, max), like a probability threshold. */
	public static double open(String key, double value, double min, double max) {
		finite(key, value);
		if (!(value > min && value < max))
			throw new InvalidOptionException(key, fmt(value) + " is out of range; it must be between " + fmt(min) + " and " + fmt(max) + ", exclusive");
		return value;
	}

	public static double finite(String key, double value) {
		if (!Double.isFinite(value)) throw new InvalidOptionException(key, value + " is not a finite number");
		return value;
	}

	private static String fmt(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
		return String.format(Locale.ROOT, "%s", v);
	}
}
