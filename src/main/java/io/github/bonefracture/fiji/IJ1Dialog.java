package io.github.bonefracture.fiji;

import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Opt;
import io.github.bonefracture.options.Options;
import io.github.bonefracture.options.Settings;

import ij.Prefs;
import ij.gui.GenericDialog;

import java.awt.Checkbox;
import java.awt.Label;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A job's plain-ImageJ dialogs, built from the option declaration: the
 * essential options first, starting from the user's last answers, with a
 * box that opens the advanced options in a second dialog (two columns, paths
 * and text on rows of their own, so that both fit a 1366 x 768 screen). Each field is added under its macro
 * key, which ImageJ's recorder writes, and shows the declared words; the
 * Help button lists every field's declared help and links the manual.
 * Values are parsed by the declaration, so text that is not a number is
 * refused here with the message a macro gets.
 */
final class IJ1Dialog {

	/** The box that opens the advanced options (a macro reaches every key without it). */
	static final String ADVANCED = "advanced";

	private IJ1Dialog() {}

	/** The first dialog: the essential options and, when the job has others, the box that opens them. */
	static GenericDialog first(Job job) {
		GenericDialog gd = new GenericDialog(job.title());
		for (Opt o : Options.essential(job)) add(gd, job, o);
		if (!Options.advanced(job).isEmpty()) {
			gd.addCheckbox(ADVANCED, false);
			last(gd).setLabel("Advanced options (" + Options.advanced(job).size() + " more, next dialog; unseen ones keep their defaults)");
		}
		gd.addHelp(help(job));
		return gd;
	}

	/** The second dialog: the advanced options, two to a row. */
	static GenericDialog second(Job job) {
		GenericDialog gd = new GenericDialog(job.title() + ": advanced options");
		// Paths (a field and a Browse button) and text take a row of their own: GenericDialog misplaces a field beside one.
		boolean rowOpen = false;
		for (Opt o : Options.advanced(job)) {
			boolean path = o.kind().isPath() || o.kind() == Opt.Kind.TEXT || o.kind() == Opt.Kind.INT_LIST;
			if (rowOpen && !path) gd.addToSameRow();
			add(gd, job, o);
			rowOpen = !path && !rowOpen;
		}
		gd.addHelp(help(job));
		return gd;
	}

	/** Both steps; empty when canceled. Options the user did not see take their declared defaults, as a replayed recording does. */
	static Optional<Settings> ask(Job job) {
		GenericDialog gd = first(job);
		gd.showDialog();
		if (gd.wasCanceled()) return Optional.empty();
		Map<String, Object> given = read(gd, Options.essential(job));
		boolean more = !Options.advanced(job).isEmpty() && gd.getNextBoolean();
		if (more) {
			GenericDialog adv = second(job);
			adv.showDialog();
			if (adv.wasCanceled()) return Optional.empty();
			given.putAll(read(adv, Options.advanced(job)));
		}
		Settings s = Options.settings(job, o -> given.get(o.key()));
		for (Map.Entry<String, Object> e : given.entrySet())
			Prefs.set(prefKey(job, e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
		return Optional.of(s);
	}

	private static void add(GenericDialog gd, Job job, Opt o) {
		String last = Prefs.get(prefKey(job, o.key()), o.defaultText());
		switch (o.kind()) {
			case BOOLEAN:
				gd.addCheckbox(o.key(), Boolean.parseBoolean(last));
				last(gd).setLabel(o.label());
				return;
			case CHOICE: gd.addChoice(o.key(), o.choices().toArray(new String[0]), o.choices().contains(last) ? last : o.defaultText()); break;
			case FILE: case SAVE_FILE: gd.addFileField(o.key(), last, 20); break;
			case FOLDER: gd.addDirectoryField(o.key(), last, 20); break;
			// Numbers as text: the declaration parses them, so "abc" is refused, never read as 0.
			default: gd.addStringField(o.key(), last, o.isNumber() ? 8 : 16); break;
		}
		Label label = gd.getLabel();
		if (label != null) label.setText(o.label());
	}

	private static Checkbox last(GenericDialog gd) {
		return (Checkbox) gd.getCheckboxes().lastElement();
	}

	/** The values in the order the fields were added, each parsed and checked by its declaration. */
	static Map<String, Object> read(GenericDialog gd, List<Opt> opts) {
		Map<String, Object> given = new HashMap<>();
		for (Opt o : opts) {
			Object v;
			switch (o.kind()) {
				case BOOLEAN: v = gd.getNextBoolean(); break;
				case CHOICE: v = gd.getNextChoice(); break;
				default: v = o.parse(gd.getNextString()); break;
			}
			given.put(o.key(), v);
		}
		return given;
	}

	/** Every field's declared help, as the Help button shows it, and the manual's section. */
	static String help(Job job) {
		StringBuilder sb = new StringBuilder("<html><h2>").append(job.title()).append("</h2><dl>");
		for (Opt o : Options.of(job)) {
			sb.append("<dt><b>").append(esc(o.label())).append("</b> (macro key <tt>").append(o.key()).append("</tt>")
				.append(o.defaultText().isEmpty() ? "" : ", default " + esc(o.defaultText())).append(")</dt><dd>").append(esc(o.help())).append("</dd>");
		}
		String manual = Job.manual();
		if (!manual.isEmpty()) sb.append("</dl><h3>From the manual (README.md)</h3><pre>").append(esc(manual.replaceAll("!\\[[^]]*\\]\\([^)]*\\)\\n?", ""))).append("</pre>");
		else sb.append("</dl>");
		return sb.append("</html>").toString();
	}

	private static String esc(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	static String prefKey(Job job, String key) {
		return "bonefracture." + job.name().toLowerCase(Locale.ROOT) + "." + key;
	}
}
