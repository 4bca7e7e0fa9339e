package io.github.bonefracture.engine;

import io.github.bonefracture.nets.OneDnnDenseNet;

import java.util.function.Supplier;

/** Runs test code with the oneDNN path turned off, so it can be compared with DL4J's reference path. */
final class OneDnnSwitch {
	private OneDnnSwitch() {}

	static <T> T off(Supplier<T> body) {
		String old = System.getProperty(OneDnnDenseNet.PROPERTY);
		System.setProperty(OneDnnDenseNet.PROPERTY, "false");
		try {
			return body.get();
		} finally {
			if (old == null) System.clearProperty(OneDnnDenseNet.PROPERTY);
			else System.setProperty(OneDnnDenseNet.PROPERTY, old);
		}
	}
}
