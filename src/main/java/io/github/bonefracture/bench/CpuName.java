package io.github.bonefracture.bench;

/**
 * The processor's name as the operating system reports it, for the line that
 * heads every benchmark's figures: a figure means little without the CPU it
 * was measured on. OSHI (already on the class path for DL4J's crash reports)
 * reads it on Linux, macOS and Windows alike.
 */
final class CpuName {
	private CpuName() {}

	static String of() {
		try {
			oshi.hardware.CentralProcessor cpu = new oshi.SystemInfo().getHardware().getProcessor();
			return cpu.getName().trim() + ", " + cpu.getPhysicalProcessorCount() + " cores, " + cpu.getLogicalProcessorCount() + " logical processors";
		} catch (RuntimeException | LinkageError e) {
			// A platform OSHI cannot read still benchmarks; the line says so instead of naming a CPU.
			return "processor not identified (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
		}
	}
}
