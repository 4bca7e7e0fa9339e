package io.github.bonefracture.fiji;

import ij.IJ;
import ij.Prefs;

import java.io.File;

/** Where Fiji keeps models: its own models/ folder for weights, and the last model file in the preferences. */
final class ModelFolder {
	static final String LAST_MODEL = "bonefracture.last_model";

	private ModelFolder() {}

	/** Fiji.app/models when run inside Fiji, else the default cache. */
	static String cache() {
		String ij = IJ.getDirectory("imagej");
		if (ij == null) return null;
		File models = new File(ij, "models");
		return models.isDirectory() ? models.getPath() : null;
	}

	/** Fiji's models/ folder for downloaded weights unless the user named a cache. */
	static void defaultCache(io.github.bonefracture.engine.TrainingConfig c) {
		if (c.weightsCache == null) c.weightsCache = cache();
	}

	static void rememberLastModel(File f) {
		Prefs.set(LAST_MODEL, f.getAbsolutePath());
		Prefs.savePreferences();
	}
}
