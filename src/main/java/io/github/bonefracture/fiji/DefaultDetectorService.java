package io.github.bonefracture.fiji;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.options.Settings;
import io.github.bonefracture.usecase.DetectFracture;

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
	public synchronized Detector detector(Settings s, Progress progress) {
		String key = key(s.model) + "|" + s.backend;
		if (current == null || !key.equals(currentKey)) {
			// Load first: a model that fails to load leaves the kept one in place.
			Detector loaded = DetectFracture.load(s, progress);
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
