package io.github.bonefracture.core;

/**
 * The processor's name as the operating system reports it: benchmarks head
 * their figures with it, and model files and k-fold summaries record it
 * beside the backend that computed them (a figure means little without the
 * CPU it came from, and a cluster's executors may differ). OSHI, already on
 * the class path for DL4J's crash reports, reads it on Linux, macOS and
 * Windows alike.
 */
public final class CpuName {
	private CpuName() {}

	/** Read once per JVM: the processor does not change under a running program. */
	private static final class Once {
		static final String NAME = read();
	}

	/** "AMD EPYC 9B14, 2 cores, 2 logical processors", or why it could not be read. */
	public static String of() {
		return Once.NAME;
	}

	private static String read() {
		try {
			oshi.hardware.CentralProcessor cpu = new oshi.SystemInfo().getHardware().getProcessor();
			return cpu.getName().trim() + ", " + cpu.getPhysicalProcessorCount() + " cores, " + cpu.getLogicalProcessorCount() + " logical processors";
		} catch (RuntimeException | LinkageError e) {
			// A platform OSHI cannot read still computes; the record says so instead of naming a CPU.
			return "processor not identified (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
		}
	}
}
