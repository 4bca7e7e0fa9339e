package io.github.bonefracture.core;

/**
 * A text cell of a CSV file this tool writes, safe to open in a spreadsheet:
 * a cell that starts with =, +, -, @, a tab or a carriage return would run
 * as a formula there, so it gets a leading apostrophe, as OWASP's CSV
 * injection guidance recommends (the CSV printer then quotes it as needed).
 * For names that come from the user's files (paths, patients, models), not
 * for numbers this tool formats.
 */
public final class CsvCells {
	private CsvCells() {}

	public static String text(Object value) {
		if (value == null) return "";
		String s = value.toString();
		if (s.isEmpty()) return s;
		char c = s.charAt(0);
		return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
	}
}
