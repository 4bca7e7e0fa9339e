package io.github.bonefracture.nets;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.common.config.ND4JClassLoading;

/**
 * In ImageJ 1.x, ND4J's class loader is the application's (the thread's
 * context loader when ND4J first loaded), which does not see plugin jars:
 * DL4J's helper probe then logged "ERROR Cannot find class
 * [org.nd4j.nativeblas.Nd4jCpu$Environment]" on every start and oneDNN
 * stayed off. NativeRuntime gives ND4J the plugin's own loader then.
 */
class ClassLoaderProbeTest {

	@Test
	void ndFourJFindsTheBridgeAfterConfigureWhateverLoaderItStartedWith() {
		ClassLoader before = ND4JClassLoading.getNd4jClassloader();
		try {
			// As in ImageJ 1.x: a loader that does not see the plugin's jars (here: only the JDK's classes).
			ND4JClassLoading.setNd4jClassloader(ClassLoader.getPlatformClassLoader());
			assertThrows(ClassNotFoundException.class, () -> Class.forName(NativeRuntime.BRIDGE, false, ND4JClassLoading.getNd4jClassloader()));
			NativeRuntime.configure();
			assertSame(NativeRuntime.class.getClassLoader(), ND4JClassLoading.getNd4jClassloader());
			assertTrue(ND4JClassLoading.classPresentOnClasspath(NativeRuntime.BRIDGE));
			// A loader that already sees the bridge is left as it is.
			ClassLoader sees = new ClassLoader(NativeRuntime.class.getClassLoader()) {};
			ND4JClassLoading.setNd4jClassloader(sees);
			NativeRuntime.configure();
			assertSame(sees, ND4JClassLoading.getNd4jClassloader());
		} finally {
			ND4JClassLoading.setNd4jClassloader(before);
		}
	}
}
