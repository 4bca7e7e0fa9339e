package io.github.bonefracture.distributed;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.Detector;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The detectors loaded in this executor's JVM, one per model and backend:
 * an executor runs many tasks, and DenseNet121 should load once per
 * executor, not once per task. This is the one JVM-wide cache of the
 * project, because Spark gives a task no other place that outlives it.
 */
final class ExecutorModels {
	private ExecutorModels() {}

	private static final Map<String, Detector> LOADED = new ConcurrentHashMap<>();

	/** The model with this SHA-256 (its bytes shipped by broadcast), on the named backend. */
	static Detector detector(String sha256, byte[] model, String backend) {
		return LOADED.computeIfAbsent(sha256 + "/" + backend,
			key -> ModelBytes.read(model, file -> Detector.load(file, Backends.choose(backend, Progress.NONE))));
	}
}
