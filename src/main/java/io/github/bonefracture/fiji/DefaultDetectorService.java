package io.github.bonefracture.fiji;

import io.github.bonefracture.backend.Backend;

import io.github.bonefracture.engine.Detector;

import java.io.File;
import java.io.IOException;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/** One detector at a time: a new model file replaces (and frees) the old one. */
@Plugin(type = Service.class)
public class DefaultDetectorService extends AbstractService implements DetectorService {

	private Detector current;
	private String currentKey;

	@Override
	public synchronized Detector detector(File model, Backend backend) {
		String key = key(model) + "|" + backend.name();
		if (current == null || !key.equals(currentKey)) {
			// Load first: a model that fails to load leaves the kept one in place.
			Detector loaded = Detector.load(model.toPath(), backend);
			if (current != null) current.close();
			current = loaded;
			currentKey = key;
		}
		return current;
	}

	private static String key(File model) {
		String path;
		try {
			path = model.getCanonicalPath();
		} catch (IOException e) {
			path = model.getAbsolutePath();
		}
		return path + "|" + model.length() + "|" + model.lastModified();
	}

	@Override
	public synchronized void dispose() {
		if (current != null) current.close();
		current = null;
		currentKey = null;
	}
}
