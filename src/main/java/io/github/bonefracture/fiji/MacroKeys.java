package io.github.bonefracture.fiji;

import io.github.bonefracture.options.Opt;

import ij.Macro;

import java.util.Locale;

/**
 * Reads one key of a macro options string the way ImageJ does:
 * {@code Macro.getValue} for key=value (a key matches where no letter
 * precedes it), and for a checkbox also the bare word that ImageJ's recorder
 * writes for a ticked box (GenericDialog's rule: the key followed by a space,
 * no letter before it).
 */
final class MacroKeys {

	private MacroKeys() {}

	/** The option's value from the macro, or null when the key is missing (then: its default; a checkbox: false). */
	static Object value(String options, Opt o) {
		String text = Macro.getValue(options, o.key(), null);
		if (o.kind() == Opt.Kind.BOOLEAN) return text != null ? o.parse(text) : bareWord(options, o.key());
		return text == null ? null : o.parse(text);
	}

	/**
	 * Whether the options hold the key as a bare word (a ticked box as ImageJ
	 * 1.x records it). GenericDialog.getNextBoolean's rule in a macro: the key
	 * followed by a space, at the start or after a space, outside a [bracketed
	 * literal], not a value (after '=').
	 */
	static boolean bareWord(String options, String key) {
		String s1 = options.endsWith(" ") ? options : options + " ";
		String s2 = key.toLowerCase(Locale.ROOT) + " ";
		if (s1.startsWith(s2)) return true;
		s2 = " " + s2;
		boolean inLiteral = false;
		for (int i = 0; i < s1.length() - s2.length() + 1; i++) {
			char c = s1.charAt(i);
			if (inLiteral && c == ']') inLiteral = false;
			else if (c == '[') inLiteral = true;
			if (c != ' ' || inLiteral || (i > 1 && s1.charAt(i - 1) == '=')) continue;
			if (s1.startsWith(s2, i)) return true;
		}
		return false;
	}
}
