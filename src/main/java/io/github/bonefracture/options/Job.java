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
	/** The project's home; its README is the manual. */
	public static final String PROJECT = "https://github.com/bonefracture/bone-fracture-detection";

	/** The README section a job's Help button opens. */
	public String manual() {
		return PROJECT + "#fiji-and-imagej";
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
