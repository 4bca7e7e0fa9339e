package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.Detector;

import java.io.File;

import org.scijava.service.SciJavaService;

/**
 * Keeps the last model's detector between command runs, so that a macro that
 * calls Detect Fracture once per image loads the network once, not per image
 * (about half a second per call for DenseNet121, against 25 ms for the
 * detection itself).
 */
public interface DetectorService extends SciJavaService {

	/** The detector for a model file: the kept one while the file is unchanged (path, size, time), else a fresh load. */
	Detector detector(File model, io.github.bonefracture.backend.Backend backend);
}
