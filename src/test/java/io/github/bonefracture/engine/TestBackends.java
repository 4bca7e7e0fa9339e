package io.github.bonefracture.engine;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.backend.choice.Backends;

/** The backends tests pass explicitly: oneDNN (this machine has it) and DL4J, the reference. */
final class TestBackends {
	private TestBackends() {}

	static Backend onednn() {
		return Backends.onednn();
	}

	static Backend dl4j() {
		return Backends.dl4j();
	}
}
