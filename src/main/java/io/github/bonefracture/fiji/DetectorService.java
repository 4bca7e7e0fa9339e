package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.Detector;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.options.Settings;

import org.scijava.service.SciJavaService;

/**
 * Keeps the last model's detector between command runs, so that a macro that
 * calls Detect Fracture once per image loads the network once, not per image
 * (about half a second per call for DenseNet121, against 25 ms for the
 * detection itself).
 */
public interface DetectorService extends SciJavaService {

	/**
	 * The detector for the settings' model file and backend: the kept one while
	 * the file is unchanged (path, size, time) and the backend choice the same,
	 * else a fresh load.
	 */
	Detector detector(Settings s, Progress progress);
}
