package org.nd4j.nativeblas;

/**
 * Compatibility bridge for DL4J 1.0.0-M2.1. Its oneDNN helpers ask, by
 * reflection, for {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN()},
 * which nd4j-native renamed to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment#isUseONEDNN()};
 * without this class the lookup fails and every oneDNN helper is silently
 * dropped. This answers at the old name with the native library's own answer.
 */
public final class Nd4jCpu {

	private Nd4jCpu() {}

	public static final class Environment {
		private static final Environment INSTANCE = new Environment();

		private Environment() {}

		public static Environment getInstance() {
			return INSTANCE;
		}

		public boolean isUseMKLDNN() {
			return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
		}
	}
}
