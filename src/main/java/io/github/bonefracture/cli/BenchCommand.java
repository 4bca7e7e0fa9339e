package io.github.bonefracture.cli;

import io.github.bonefracture.nets.DenseNet121;
import io.github.bonefracture.nets.NativeRuntime;
import io.github.bonefracture.nets.OneDnnDenseNet;
import io.github.bonefracture.nets.OneDnnDenseNetTraining;
import io.github.bonefracture.nets.OneDnnMatmul;

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

	/** Multiply-adds of DenseNet121's forward pass at 224 px (NOTES); they scale about with the pixel count. */
	static final double MACS_224 = 2.87e9;

	@Option(names = "--dl4j", description = "Also measure DL4J's own graph (the reference path, -Dbonefracture.onednn=false).")
	boolean dl4j;

	@Override
	public Integer call() throws Exception {
		io.github.bonefracture.core.OptionCheck.count("size", size, 32, 1024);
		io.github.bonefracture.core.OptionCheck.count("batch", batch, 1, 1024);
		io.github.bonefracture.core.OptionCheck.count("threads", threads, 1, 1024);
		System.out.println(NativeRuntime.configure().message);
		String why = OneDnnDenseNet.unavailableReason();
		if (why != null) System.out.println("oneDNN's own library does not load here (" + why + "): measuring DL4J only");
		double blas = sgemmGflops();
		double onednn = why == null ? OneDnnMatmul.gflops(2048, 10) : Double.NaN;
		// The machine's rate: the faster of the two libraries (NaN loses to any number in max).
		double sgemm = why == null ? Math.max(blas, onednn) : blas;
		double gflopPerImage = 2 * MACS_224 * (size * size) / (224.0 * 224.0) / 1e9;
		System.out.printf(Locale.ROOT, "machine SGEMM (2048x2048, float) %.1f GFLOP/s (ND4J/OpenBLAS %.1f, oneDNN matmul %.1f); DenseNet121 forward %.2f GFLOP per %d px image%n",
			sgemm, blas, onednn, gflopPerImage, size);
		ComputationGraph g = DenseNet121.builder().inputSize(size, size).updater(new Adam(1e-4)).seed(0).build().init();
		double[] ours = why == null ? oneDnn(g, batch) : dl4j(g, batch);
		double latency = 1000 / (why == null ? oneDnn(g, 1)[0] : dl4j(g, 1)[0]);
		String path = why == null ? "oneDNN path" : "DL4J";
		report("ours (" + path + ")", ours, latency, gflopPerImage, sgemm);
		if (why == null) System.out.printf(Locale.ROOT, "ours training, BatchNorm frozen (fine-tuning as the trainer runs it) img/s %.2f%n", ours[2]);
		if (why == null && OneDnnDenseNet.bf16Native()) {
			ComputationGraph c = g.clone();
			float[] x = Nd4j.rand(batch, 3, size, size).data().asFloat();
			try (OneDnnDenseNet base = OneDnnDenseNet.bf16(c); OneDnnDenseNet ref = OneDnnDenseNet.of(c)) {
				double bf = rate(batch, 3, 10, () -> base.pooled(x, batch, size, size));
				float[][] a = base.pooled(x, batch, size, size), b = ref.pooled(x, batch, size, size);
				double num = 0, den = 0;
				for (int k = 0; k < a.length; k++) for (int i = 0; i < a[k].length; i++) {
					num += (a[k][i] - b[k][i]) * (a[k][i] - b[k][i]);
					den += b[k][i] * b[k][i];
				}
				System.out.printf(Locale.ROOT, "ours (oneDNN path, bfloat16) inference img/s %.2f  (pooled features %.1e relative to float; random weights)%n",
					bf, Math.sqrt(num / den));
			}
		}
		if (dl4j && why == null) report("DL4J graph", dl4j(g, batch), 1000 / dl4j(g, 1)[0], gflopPerImage, sgemm);
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

	private void report(String who, double[] r, double latency, double gflopPerImage, double sgemm) {
		System.out.printf(Locale.ROOT, "%s inference img/s %.2f  (batch %d, %.0f%% of SGEMM rate)%n", who, r[0], batch, 100 * r[0] * gflopPerImage / sgemm);
		System.out.printf(Locale.ROOT, "%s training img/s %.2f  (batch %d, BatchNorm training; forward + backward ~ 3x forward, %.0f%% of SGEMM rate)%n",
			who, r[1], batch, 100 * r[1] * 3 * gflopPerImage / sgemm);
		System.out.printf(Locale.ROOT, "%s batch-1 latency ms %.1f%n", who, latency);
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

	/** Images per second as the peer measures them: 3 + 10 inference and 2 + 5 training iterations. */
	private static double rate(int batch, int warm, int n, Runnable step) {
		for (int i = 0; i < warm; i++) step.run();
		long t = System.nanoTime();
		for (int i = 0; i < n; i++) step.run();
		return batch / ((System.nanoTime() - t) / 1e9 / n);
	}

	/** {inference, training} through DL4J's graph. */
	double[] dl4j(ComputationGraph template, int batch) {
		ComputationGraph g = template.clone();
		INDArray x = Nd4j.rand(batch, 3, size, size);
		MultiDataSet ds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {Nd4j.zeros(batch, 1)});
		double inference = rate(batch, 3, 10, () -> g.outputSingle(false, x));
		double training = rate(batch, 2, 5, () -> g.fit(ds));
		return new double[] {inference, training};
	}

	/**
	 * {inference, training, training with BatchNorm frozen} on the paths the
	 * product takes: Detect's features through OneDnnDenseNet plus the head,
	 * training through OneDnnDenseNetTraining (one Adam step per batch).
	 */
	double[] oneDnn(ComputationGraph template, int batch) {
		ComputationGraph g = template.clone();
		float[] x = Nd4j.rand(batch, 3, size, size).data().asFloat();
		float[] y = new float[batch];
		double inference, training, frozen;
		try (OneDnnDenseNet base = OneDnnDenseNet.of(g)) {
			INDArray w = g.getLayer(DenseNet121.OUTPUT).getParam("W");
			inference = rate(batch, 3, 10, () -> Nd4j.create(base.pooled(x, batch, size, size)).mmul(w));
		}
		try (OneDnnDenseNetTraining t = OneDnnDenseNetTraining.of(g, OneDnnDenseNetTraining.BatchNormMode.TRAIN, 1e-4, 0)) {
			training = rate(batch, 2, 5, () -> t.fit(x, batch, size, size, y, null));
		}
		try (OneDnnDenseNetTraining t = OneDnnDenseNetTraining.of(g, OneDnnDenseNetTraining.BatchNormMode.FROZEN, 1e-4, 0)) {
			frozen = batch > 1 ? rate(batch, 2, 5, () -> t.fit(x, batch, size, size, y, null)) : Double.NaN;
		}
		return new double[] {inference, training, frozen};
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
