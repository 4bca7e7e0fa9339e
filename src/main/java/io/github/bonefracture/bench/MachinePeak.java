package io.github.bonefracture.bench;

import io.github.bonefracture.backend.choice.Backends;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.Locale;

/** The rate the benchmark divides every float path's rate by, and the matmul rates beside it. */
final class MachinePeak {
	private MachinePeak() {}

	/**
	 * The machine's peak float rate, printed beside what oneDNN's matmul and
	 * ND4J's BLAS reach: src/bench/java/FmaPeak.java (register-resident FMA
	 * chains in the widest vectors) in a JVM of its own; the faster matmul
	 * where that cannot run, said so.
	 */
	static double measure(int threads) {
		double fma = fmaPeak(threads), blas = sgemmGflops(), onednn = onednnGflops();
		double matmul = Double.isNaN(onednn) ? blas : Math.max(blas, onednn);
		// A peak below what a matmul just reached is no peak: the probe ran uncompiled or crowded out (a round once read 4.4 GFLOP/s). Once more, then the matmul.
		if (!Double.isNaN(fma) && fma < matmul) fma = fmaPeak(threads);
		String note = Double.isNaN(fma) ? ": FmaPeak did not run, the faster matmul instead"
			: fma < matmul ? ": FmaPeak read " + String.format(Locale.ROOT, "%.1f", fma) + " twice, below the matmul; the faster matmul instead, this round's shares mean little" : "";
		double peak = Double.isNaN(fma) || fma < matmul ? matmul : fma;
		System.out.printf(Locale.ROOT, "machine peak %.1f GFLOP/s (float FMA, %d threads%s); 2048x2048 matmul: oneDNN %.1f, ND4J/OpenBLAS %.1f%n",
			peak, threads, note, onednn, blas);
		return peak;
	}

	/** FmaPeak's figure, NaN (said why) where it cannot run: it needs the repository's src/bench/java and a JDK 16 or newer. */
	static double fmaPeak(int threads) {
		Path source = Path.of("src", "bench", "java", "FmaPeak.java");
		if (!java.nio.file.Files.isRegularFile(source)) {
			System.out.println("machine peak: " + source + " not found (run bench from the repository)");
			return Double.NaN;
		}
		try {
			Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules", "jdk.incubator.vector",
				source.toString(), String.valueOf(threads)).redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			java.util.regex.Matcher m = java.util.regex.Pattern.compile("peak GFLOP/s ([0-9.]+)").matcher(out);
			if (p.waitFor() == 0 && m.find()) return Double.parseDouble(m.group(1));
			System.out.println("machine peak: FmaPeak failed: " + out.trim());
		} catch (java.io.IOException e) {
			System.out.println("machine peak: FmaPeak did not start: " + e.getMessage());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return Double.NaN;
	}

	/** The machine's single-precision matrix-multiply rate through ND4J's BLAS. */
	static double sgemmGflops() {
		int n = 2048;
		INDArray a = Nd4j.rand(n, n), b = Nd4j.rand(n, n);
		for (int i = 0; i < 2; i++) a.mmul(b);
		long t = System.nanoTime();
		int reps = 5;
		for (int i = 0; i < reps; i++) a.mmul(b);
		return 2.0 * n * n * n * reps / ((System.nanoTime() - t) / 1e9) / 1e9;
	}

	/** oneDNN's matmul rate, or NaN where its library does not load (the backend choice says why, once). */
	static double onednnGflops() {
		try {
			return Backends.matmulGflops(2048, 10);
		} catch (LinkageError | RuntimeException e) {
			return Double.NaN;
		}
	}
}
