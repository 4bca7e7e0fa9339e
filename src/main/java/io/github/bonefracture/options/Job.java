package io.github.bonefracture.options;

/** The jobs every front end offers; an option says which of them take it. */
public enum Job {
	DETECT("Detect Fracture"),
	DETECT_FOLDER("Detect Fracture (Folder)"),
	TRAIN("Train Model"),
	KFOLD("K-Fold Evaluate"),
	EVALUATE("Evaluate Model"),
	EXPORT("Export Model"),
	GAN_TRAIN("Train Image Generator"),
	GAN_SAMPLE("Generate Synthetic X-rays");

	private final String title;

	Job(String title) {
		this.title = title;
	}

	/** The menu entry and macro command name. */
	public String title() {
		return title;
	}
}
