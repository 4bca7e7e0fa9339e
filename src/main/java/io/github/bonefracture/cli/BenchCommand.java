package io.github.bonefracture.cli;

import io.github.bonefracture.nets.DenseNet121;
import io.github.bonefracture.nets.NativeRuntime;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A benchmark to run, not a test: this project and the PyTorch peer in one session, as a ratio. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
	description = "DenseNet121 inference and training images per second, against the PyTorch peer benchmark run in the same session.")
final class BenchCommand implements Callable<Integer> {

	@Option(names = "--size", defaultValue = "150", description = "Input size (default: ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--batch", defaultValue = "8", description = "Batch size (default: ${DEFAULT-VALUE}).")
	int batch;

	@Option(names = "--threads", defaultValue = "2", description = "Threads given to the peer (default: ${DEFAULT-VALUE}).")
	int threads;

	@Option(names = "--peer", defaultValue = "../shared/bench/torch_densenet121.py", description = "Peer script (default: ${DEFAULT-VALUE}).")
	Path peer;

	@Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with torch and torchvision (default: ${DEFAULT-VALUE}).")
	String python;

	@Option(names = "--no-peer", description = "Measure this project only.")
	boolean noPeer;

	/** Multiply-adds of DenseNet121's forward pass at 224 px (NOTES); they scale with the pixel count. */
	static final double MACS_224 = 2.87e9;

	@Override
	public Integer call() throws Exception {
		System.out.println(NativeRuntime.configure().message);
		double sgemm = sgemmGflops();
		double gflopPerImage = 2 * MACS_224 * (size * size) / (224.0 * 224.0) / 1e9;
		double[] ours = measure(batch);
		double latency = 1000 / measure(1)[0];
		System.out.printf(Locale.ROOT, "machine SGEMM (2048x2048, float) %.1f GFLOP/s; DenseNet121 forward %.2f GFLOP per %d px image%n",
			sgemm, gflopPerImage, size);
		System.out.printf(Locale.ROOT, "ours inference img/s %.2f  (batch %d, %.0f%% of SGEMM rate)%n", ours[0], batch, 100 * ours[0] * gflopPerImage / sgemm);
		System.out.printf(Locale.ROOT, "ours training img/s %.2f  (forward + backward ~ 3x forward, %.0f%% of SGEMM rate)%n", ours[1],
			100 * ours[1] * 3 * gflopPerImage / sgemm);
		System.out.printf(Locale.ROOT, "ours batch-1 latency ms %.1f%n", latency);
		if (noPeer) return 0;
		if (!Files.isRegularFile(peer)) {
			System.out.println("Peer script " + peer + " not found: no ratio");
			return 0;
		}
		double[] theirs = peer(batch);
		double[] theirs1 = peer(1);
		if (theirs == null || theirs1 == null) return 0;
		System.out.printf(Locale.ROOT, "peer inference img/s %.2f  |  ratio ours/peer %.2f%n", theirs[0], ours[0] / theirs[0]);
		System.out.printf(Locale.ROOT, "peer training img/s %.2f  |  ratio ours/peer %.2f%n", theirs[1], ours[1] / theirs[1]);
		System.out.printf(Locale.ROOT, "peer batch-1 latency ms %.1f  |  ratio ours/peer %.2f%n", 1000 / theirs1[0], latency / (1000 / theirs1[0]));
		return 0;
	}

	/** {inference, training} images per second, measured as the peer measures (3+10 and 2+5 iterations). */
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

	double[] measure(int batch) {
		ComputationGraph g = DenseNet121.builder().inputSize(size, size).updater(new Adam(1e-4)).seed(0).build().init();
		INDArray x = Nd4j.rand(batch, 3, size, size);
		INDArray y = Nd4j.zeros(batch, 1);
		for (int i = 0; i < 3; i++) g.outputSingle(false, x);
		long t = System.nanoTime();
		int n = 10;
		for (int i = 0; i < n; i++) g.outputSingle(false, x);
		double inference = batch / ((System.nanoTime() - t) / 1e9 / n);
		MultiDataSet ds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
		for (int i = 0; i < 2; i++) g.fit(ds);
		t = System.nanoTime();
		n = 5;
		for (int i = 0; i < n; i++) g.fit(ds);
		double training = batch / ((System.nanoTime() - t) / 1e9 / n);
		return new double[] {inference, training};
	}

	private double[] peer(int batch) throws Exception {
		Process p = new ProcessBuilder(python, peer.toString(), String.valueOf(size), String.valueOf(batch), String.valueOf(threads))
			.redirectErrorStream(true).start();
		Double inf = null, train = null;
		Pattern num = Pattern.compile("img/s ([0-9.]+)");
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = r.readLine()) != null) {
				Matcher m = num.matcher(line);
				if (line.startsWith("peer inference") && m.find()) inf = Double.parseDouble(m.group(1));
				else if (line.startsWith("peer training") && m.find()) train = Double.parseDouble(m.group(1));
				else System.out.println("peer: " + line);
			}
		}
		int rc = p.waitFor();
		if (rc != 0 || inf == null || train == null) {
			System.out.println("Peer benchmark failed (exit " + rc + "); install python3-torch and python3-torchvision for the ratio");
			return null;
		}
		return new double[] {inf, train};
	}
}
