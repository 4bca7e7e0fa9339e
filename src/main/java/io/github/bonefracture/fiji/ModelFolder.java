package io.github.bonefracture.fiji;

import ij.IJ;
import ij.Prefs;

import java.io.File;
import java.util.Optional;

/** Where Fiji keeps models: its own models/ folder for weights, and the last model file in the preferences. */
final class ModelFolder {
	static final String LAST_MODEL = "bonefracture.last_model";

	private ModelFolder() {}

	/** Fiji.app/models when run inside Fiji; empty for the default cache. */
	static Optional<String> cache() {
		return Optional.ofNullable(IJ.getDirectory("imagej")).map(ij -> new File(ij, "models")).filter(File::isDirectory).map(File::getPath);
	}

	/** Fiji's models/ folder for downloaded weights unless the user named a cache. */
	static void defaultCache(io.github.bonefracture.engine.TrainingConfig c) {
		if (c.weightsCache == null) c.weightsCache = cache().orElse(null);
	}

	static void rememberLastModel(File f) {
		Prefs.set(LAST_MODEL, f.getAbsolutePath());
		Prefs.savePreferences();
	}
}
