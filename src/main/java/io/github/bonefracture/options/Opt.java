package io.github.bonefracture.options;

import io.github.bonefracture.core.InvalidOptionException;
import io.github.bonefracture.core.OptionCheck;

import java.io.File;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * One option, declared once: its key (the macro key and SciJava input name;
 * the command line spells it with dashes), label, help, default, range or
 * choices, the jobs that take it, and where its value goes. Every front end
 * is built from these.
 */
public final class Opt {

	/** What kind of value, which decides the widget, the parser and the range check. */
	public enum Kind {
		INT(Integer.class), LONG(Long.class), DOUBLE(Double.class), BOOLEAN(Boolean.class), CHOICE(String.class), TEXT(String.class),
		/** A comma-separated list of whole numbers, e.g. DenseNet's blocks "6,12,24,16". */
		INT_LIST(String.class),
		FILE(File.class), SAVE_FILE(File.class), FOLDER(File.class);

		private final Class<?> type;

		Kind(Class<?> type) {
			this.type = type;
		}

		public Class<?> type() {
			return type;
		}

		public boolean isPath() {
			return this == FILE || this == SAVE_FILE || this == FOLDER;
		}
	}

	private final String key;
	private final Kind kind;
	private final String label;
	private final String help;
	private final Object defaultValue;
	private final double min;
	private final double max;
	private final List<String> choices;
	private final boolean required;
	private final List<String> cliAliases;
	/** The jobs whose first dialog shows it (empty: every job of it); the others wait behind the advanced step (a macro reaches every key alike). */
	private final Set<Job> essential;
	private final Set<Job> jobs;
	private final BiConsumer<Settings, Object> target;
	/** Where the value lives in the settings, as the option gives it; for options whose values files carry too. */
	private final java.util.function.Function<Settings, Object> source;

	private Opt(Builder b) {
		this.key = b.key;
		this.kind = b.kind;
		this.label = b.label;
		this.help = b.help;
		this.defaultValue = b.defaultValue;
		this.min = b.min;
		this.max = b.max;
		this.choices = b.choices;
		this.required = b.required;
		this.essential = b.essential;
		this.cliAliases = b.cliAliases;
		this.jobs = Collections.unmodifiableSet(b.jobs);
		this.target = b.target;
		this.source = b.source;
	}

	static Builder of(String key, Kind kind) {
		return new Builder(key, kind);
	}

	public String key() { return key; }
	public Kind kind() { return kind; }
	public String label() { return label; }
	public String help() { return help; }
	/** The default: Integer, Long, Double, Boolean or String; null for a path with none. */
	public Object defaultValue() { return defaultValue; }
	public double min() { return min; }
	public double max() { return max; }
	public List<String> choices() { return choices; }
	public boolean required() { return required; }
	/** Whether the job's first dialog shows it: a required option always. */
	public boolean essentialIn(Job job) {
		return required || essential != null && (essential.isEmpty() || essential.contains(job));
	}
	public Set<Job> jobs() { return jobs; }

	/** The command line's long name: the key with dashes. */
	public String cliName() {
		return "--" + key.replace('_', '-');
	}

	/** Every command-line name: aliases first (short ones, earlier spellings), then the long name. */
	public List<String> cliNames() {
		List<String> l = new java.util.ArrayList<>(cliAliases);
		l.add(cliName());
		return l;
	}

	public boolean isNumber() {
		return kind == Kind.INT || kind == Kind.LONG || kind == Kind.DOUBLE;
	}

	/** The default as the text a macro or the command line would give. */
	public String defaultText() {
		if (defaultValue == null) return "";
		if (defaultValue instanceof Double) {
			double d = (Double) defaultValue;
			return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
		}
		return String.valueOf(defaultValue);
	}

	/** A value typed in or read from a macro: parsed, then checked as {@link #check} does. */
	public Object parse(String text) {
		String t = text.trim();
		try {
			switch (kind) {
				case INT: {
					double d = Double.parseDouble(t);
					if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw new InvalidOptionException(key, t + " is not a whole number");
					return check((int) d);
				}
				case LONG: {
					double d = Double.parseDouble(t);
					if (d != Math.rint(d) || Math.abs(d) > 9e15) throw new InvalidOptionException(key, t + " is not a whole number");
					return check(Long.parseLong(t.contains(".") || t.contains("e") || t.contains("E") ? String.valueOf((long) d) : t));
				}
				case DOUBLE: return check(Double.parseDouble(t));
				case BOOLEAN: {
					String l = t.toLowerCase(Locale.ROOT);
					if (!l.equals("true") && !l.equals("false")) throw new InvalidOptionException(key, "'" + t + "' is not true or false");
					return Boolean.parseBoolean(l);
				}
				case FILE: case SAVE_FILE: case FOLDER: return t.isEmpty() ? null : new File(t);
				default: return check(t);
			}
		} catch (NumberFormatException e) {
			throw new InvalidOptionException(key, "'" + t + "' is not a number");
		}
	}

	/**
	 * Range, choice and list checks; returns the value, normalised (a choice
	 * as declared, whatever its case). An option left unset (null, or a blank
	 * path) stays unset: the settings field it fills keeps its declared null.
	 */
	public Object check(Object value) {
		if (value == null) {
			if (required) throw new InvalidOptionException(key, "it is required");
			return null;
		}
		switch (kind) {
			case INT: return OptionCheck.count(key, ((Number) value).longValue(), (long) min, (long) max);
			case LONG: {
				long v = ((Number) value).longValue();
				if (v < min || v > max) throw new InvalidOptionException(key, v + " is out of range; it must be from " + (long) min + " to " + (long) max);
				return v;
			}
			case DOUBLE: return OptionCheck.closed(key, ((Number) value).doubleValue(), min, max);
			case CHOICE: {
				String s = value.toString().trim();
				return choices.stream().filter(c -> c.equalsIgnoreCase(s)).findFirst().orElseThrow(
					() -> new InvalidOptionException(key, "'" + value + "' is not one of " + String.join(", ", choices)));
			}
			case INT_LIST: {
				int[] v = ints(value.toString());
				if (v.length < min || v.length > max)
					throw new InvalidOptionException(key, "'" + value + "' needs " + (min == max ? String.valueOf((int) min) : (int) min + " to " + (int) max) + " numbers");
				return value.toString().trim();
			}
			case FILE: case SAVE_FILE: case FOLDER: {
				File f = (File) value;
				if (f.getPath().isBlank()) {
					if (required) throw new InvalidOptionException(key, "it is required");
					return null;
				}
				return f;
			}
			default: return value;
		}
	}

	/** "6,12,24,16" as numbers; a bad list names this option. */
	public int[] ints(String text) {
		try {
			return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
		} catch (NumberFormatException e) {
			throw new InvalidOptionException(key, "'" + text + "' is not a comma-separated list of whole numbers");
		}
	}

	void applyTo(Settings s, Object value) {
		target.accept(s, value);
	}

	/** Whether settings read from a file carry this option's value (see {@link #readFrom}). */
	boolean readsBack() {
		return source != null;
	}

	/** The value as this option spells it, read back from settings (those read from a file); empty where the option has no reader. */
	java.util.Optional<Object> readFrom(Settings s) {
		return source == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(source.apply(s));
	}

	@Override
	public String toString() {
		return key;
	}

	static final class Builder {
		private final String key;
		private final Kind kind;
		private String label;
		private String help = "";
		private Object defaultValue;
		private double min = Double.NEGATIVE_INFINITY;
		private double max = Double.POSITIVE_INFINITY;
		private List<String> choices = List.of();
		private boolean required;
		private Set<Job> essential;
		private List<String> cliAliases = List.of();
		private final Set<Job> jobs = EnumSet.noneOf(Job.class);
		private BiConsumer<Settings, Object> target = (s, v) -> {};
		private java.util.function.Function<Settings, Object> source;

		Builder(String key, Kind kind) {
			this.key = key;
			this.kind = kind;
			this.label = key;
		}

		Builder label(String label) { this.label = label; return this; }
		Builder help(String help) { this.help = help; return this; }
		Builder byDefault(Object value) { this.defaultValue = value; return this; }
		Builder range(double min, double max) { this.min = min; this.max = max; return this; }
		Builder choices(String... c) { this.choices = List.of(c); return this; }
		Builder required() { this.required = true; return this; }
		/** In the first dialog of the given jobs, or of all its jobs when none are given. */
		Builder essential(Job... in) { this.essential = EnumSet.noneOf(Job.class); this.essential.addAll(Arrays.asList(in)); return this; }
		Builder cli(String... aliases) { this.cliAliases = List.of(aliases); return this; }
		Builder in(Job... j) { this.jobs.addAll(Arrays.asList(j)); return this; }
		Builder into(BiConsumer<Settings, Object> t) { this.target = t; return this; }
		Builder from(java.util.function.Function<Settings, Object> s) { this.source = s; return this; }

		Opt build() {
			if (kind == Kind.CHOICE && choices.isEmpty()) throw new IllegalStateException(key + ": a choice needs choices");
			if (jobs.isEmpty()) throw new IllegalStateException(key + ": no job takes it");
			return new Opt(this);
		}
	}

	static String joined(List<Opt> opts) {
		return opts.stream().map(Opt::key).collect(Collectors.joining(", "));
	}
}
