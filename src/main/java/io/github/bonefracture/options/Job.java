package io.github.bonefracture.options;

/**
 * The jobs every face offers, each named once: its menu title (also the
 * macro command name) and its command name (the command line's subcommand
 * and plain ImageJ's plugins.config argument). An option says which jobs take it.
 */
public enum Job {
	/** One open image; the command line's detect takes one image file too. */
	DETECT("Detect Fracture", "detect-image"),
	DETECT_FOLDER("Detect Fracture (Folder)", "detect"),
	TRAIN("Train Model", "train"),
	/** The reference study's script called it eval-w-kfold: the command line keeps that as an alias. */
	KFOLD_EVALUATE("K-Fold Evaluate", "kfold-evaluate"),
	EVALUATE("Evaluate Model", "evaluate"),
	EXPORT("Export Model", "export"),
	TRAIN_GENERATOR("Train Image Generator", "train-generator"),
	GENERATE_SYNTHETIC("Generate Synthetic X-rays", "generate-synthetic");

	/** Where Fiji and plain ImageJ list the jobs. */
	public static final String MENU = "Plugins>Bone Fracture Detection";
	/** The section of the manual (README.md, carried in the jar) that the dialogs' Help shows. */
	public static final String MANUAL_SECTION = "## Fiji and ImageJ";

	/** The manual's section on the Fiji commands, as text; empty when the jar was built without it. */
	public static String manual() {
		try (java.io.InputStream in = Job.class.getResourceAsStream("README.md")) {
			if (in == null) return "";
			String md = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			int a = md.indexOf(MANUAL_SECTION);
			if (a < 0) return "";
			int b = md.indexOf("\n## ", a + MANUAL_SECTION.length());
			return md.substring(a, b < 0 ? md.length() : b).trim();
		} catch (java.io.IOException e) {
			return "";
		}
	}

	private final String title;
	private final String command;

	Job(String title, String command) {
		this.title = title;
		this.command = command;
	}

	/** The menu entry and macro command name. */
	public String title() {
		return title;
	}

	/** The command line's subcommand and plain ImageJ's plugins.config argument. */
	public String command() {
		return command;
	}

	/** The SciJava menu path: the menu, then the title. */
	public String menuPath() {
		return MENU + ">" + title;
	}

	/** The job of a command name. */
	public static java.util.Optional<Job> ofCommand(String command) {
		for (Job j : values()) if (j.command.equals(command)) return java.util.Optional.of(j);
		return java.util.Optional.empty();
	}
}
