package io.github.bonefracture.bench;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.backend.Inference;
import io.github.bonefracture.backend.Training;
import io.github.bonefracture.nets.BatchNormMode;
import io.github.bonefracture.nets.DenseNet121;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one inference and one training step spend their time, by oneDNN's
 * own timings: a child JVM runs them with oneDNN's execution profiling on
 * (ONEDNN_VERBOSE=2, which ND4J's bundled oneDNN reads as DNNL_VERBOSE), between
 * markers on its output; this side sums the primitives' times by kind and
 * direction. Both backends call oneDNN, so both are broken down.
 */
final class PrimitiveTimes {
	private PrimitiveTimes() {}

	static final String MARK = "BFD-PHASE ";
	/** What is broken down: an inference batch (float, int8), a training step, a fine-tuning step (BatchNorm frozen). */
	static final List<String> PHASES = List.of("inference", "int8-inference", "training", "fine-tuning");
	/** Each phase runs this many times and is reported per run: one run alone moves by a third on a shared machine. */
	static final int REPEATS = 5;

	/** The child's part: warm up (plans, JIT), then each phase's runs between markers. */
	static void child(Backend b, int size, int batch) {
		ComputationGraph g = DenseNet121.builder().inputSize(size, size).updater(new Adam(1e-4)).seed(1).build().init();
		float[] x = Nd4j.rand(batch, 3, size, size).data().asFloat();
		long[] shape = {batch, 3, size, size};
		try (Inference inf = b.inference(g.clone(), null, DenseNet121.OUTPUT, false);
			Training t = b.training(g.clone(), BatchNormMode.TRAIN, 1e-4, 0);
			Training f = b.training(g.clone(), BatchNormMode.FROZEN, 1e-4, 0))
		{
			float[] y = new float[batch];
			for (int i = 0; i < 2; i++) {
				inf.run(x, shape, false);
				t.fit(x, shape, y, null);
				f.fit(x, shape, y, null);
			}
			phase(PHASES.get(0), () -> inf.run(x, shape, false));
			java.util.Optional<Backend> int8 = BenchCommand.int8Backend(b, g, b.int8Ranges(g, java.util.List.of(x), size, size).orElse(null));
			if (int8.isPresent()) {
				try (Inference q = int8.get().inference(g.clone(), null, DenseNet121.OUTPUT, false)) {
					q.run(x, shape, false);
					phase(PHASES.get(1), () -> q.run(x, shape, false));
				}
			}
			phase(PHASES.get(2), () -> t.fit(x, shape, y, null));
			phase(PHASES.get(3), () -> f.fit(x, shape, y, null));
			System.out.println(MARK + "end");
		}
	}

	/** One phase between markers: its name, {@link #REPEATS} runs, then its wall time per run in milliseconds. */
	private static void phase(String name, Runnable step) {
		System.out.println(MARK + name);
		long t0 = System.nanoTime();
		for (int i = 0; i < REPEATS; i++) step.run();
		System.out.println(MARK + name + "-wall " + (System.nanoTime() - t0) / 1e6 / REPEATS);
	}

	/** Runs the child with profiling on and prints the breakdown of each phase. */
	static void report(String backend, int size, int batch) throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx4g", "-cp", classPath(),
			BenchCommand.class.getName(), "--primitive-times-child", "--backend", backend, "--size", String.valueOf(size), "--batch", String.valueOf(batch)));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		pb.environment().put("ONEDNN_VERBOSE", "2");
		pb.environment().put("DNNL_VERBOSE", "2");
		Process p = pb.start();
		Map<String, Map<String, double[]>> phases = new TreeMap<>();
		Map<String, Double> wall = new TreeMap<>();
		String phase = null;
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line; (line = r.readLine()) != null; ) {
				if (line.startsWith(MARK)) {
					String[] w = line.substring(MARK.length()).split(" ");
					// A phase runs from its name to its wall time; what the child does between phases is not counted.
					if (w.length == 2) wall.put(w[0].substring(0, w[0].length() - "-wall".length()), Double.parseDouble(w[1]));
					phase = w.length == 2 || w[0].equals("end") ? null : w[0];
				} else if (phase != null && (line.startsWith("onednn_verbose") || line.startsWith("dnnl_verbose"))) {
					add(phases.computeIfAbsent(phase, k -> new TreeMap<>()), line);
				}
			}
		}
		if (p.waitFor() != 0) throw new IllegalStateException("the profiling run failed (exit " + p.exitValue() + ")");
		// Measured on a Zen 5 EPYC: the profiled run took 1.6-1.8 times the unprofiled one, the most on short primitives.
		System.out.println("(oneDNN's profiling slows each call, short ones the most: compare the shares of long primitives, "
			+ "and time the whole run with bench)");
		for (String ph : PHASES) if (wall.containsKey(ph)) print(ph, phases.getOrDefault(ph, Map.of()), wall.getOrDefault(ph, Double.NaN), batch);
	}

	/**
	 * This JVM's class path: under Maven's exec:java the project's jars are
	 * in the plugin's class loader, not in java.class.path.
	 */
	static String classPath() {
		ClassLoader cl = PrimitiveTimes.class.getClassLoader();
		if (!(cl instanceof java.net.URLClassLoader)) return System.getProperty("java.class.path");
		StringBuilder sb = new StringBuilder();
		for (java.net.URL u : ((java.net.URLClassLoader) cl).getURLs()) {
			try {
				if (sb.length() > 0) sb.append(java.io.File.pathSeparator);
				sb.append(new java.io.File(u.toURI()).getPath());
			} catch (java.net.URISyntaxException e) {
				throw new IllegalStateException("class path entry " + u + " is not a file", e);
			}
		}
		return sb.toString();
	}

	/** One execution line: its primitive kind and direction, and its time in milliseconds (the last field). */
	static void add(Map<String, double[]> sums, String line) {
		String[] f = line.split(",");
		int exec = -1;
		for (int i = 0; i < f.length; i++) if (f[i].equals("exec")) { exec = i; break; }
		if (exec < 0 || exec + 4 >= f.length) return;
		double ms;
		try {
			ms = Double.parseDouble(f[f.length - 1]);
		} catch (NumberFormatException e) {
			return;
		}
		// Kind, direction and implementation: a reference (ref:any) kernel shows as its own line.
		String key = f[exec + 2] + " " + f[exec + 4] + " " + f[exec + 3];
		double[] s = sums.computeIfAbsent(key, k -> new double[2]);
		s[0]++;
		s[1] += ms;
	}

	/** A phase's sums over its {@link #REPEATS} runs, printed per run. */
	private static void print(String phase, Map<String, double[]> sums, double wallMs, int batch) {
		double total = sums.values().stream().mapToDouble(s -> s[1]).sum() / REPEATS;
		System.out.printf(Locale.ROOT, "%s, batch %d (mean of %d runs): %.1f ms wall, %.1f ms in oneDNN primitives (%.0f%%)%n",
			phase, batch, REPEATS, wallMs, total, 100 * total / wallMs);
		sums.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1])).forEach(e ->
			System.out.printf(Locale.ROOT, "  %-60s %5.0f calls %8.1f ms %5.1f%%%n", e.getKey(), e.getValue()[0] / REPEATS,
				e.getValue()[1] / REPEATS, 100 * e.getValue()[1] / REPEATS / wallMs));
	}
}
