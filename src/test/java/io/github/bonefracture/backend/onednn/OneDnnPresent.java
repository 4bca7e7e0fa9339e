package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Assumptions;

/** Where the oneDNN path must run, and where (Apple silicon: JavaCPP builds no dnnl there) its tests are skipped. */
final class OneDnnPresent {
	private OneDnnPresent() {}

	static void require() {
		NativeRuntime.configure();
		String platform = NativeRuntime.fijiPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
		Assumptions.assumeFalse(platform.equals("macos-arm64"), "no oneDNN build for " + platform + ": the DL4J path runs there");
		assertEquals(java.util.Optional.empty(), OneDnnDenseNet.unavailableReason(), "oneDNN's own library must load on " + platform);
	}
}
