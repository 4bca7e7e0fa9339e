package io.github.bonefracture.bench;

import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.backend.Inference;
import io.github.bonefracture.backend.Training;
import io.github.bonefracture.core.InvalidOptionException;
import io.github.bonefracture.core.OptionCheck;
import io.github.bonefracture.engine.Networks;
import io.github.bonefracture.nets.ActivationRanges;
import io.github.bonefracture.nets.BatchNormMode;
import io.github.bonefracture.nets.DenseNet121;
import io.github.bonefracture.nets.DenseNetOperations;
import io.github.bonefracture.nets.DenseNetSpec;
import io.github.bonefracture.nets.NativeRuntime;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A benchmark to run, not a test: this project through its backend seam,
 * and the peers a user would otherwise pick (PyTorch in its faster memory
 * layout, ONNX Runtime on the same network exported to ONNX), in one run,
 * as ratios.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
	description = "DenseNet121 inference and training images per second through the product's backend, against the PyTorch and ONNX Runtime peers run in the same session.")
public final class BenchCommand implements Callable<Integer> {

	@Option(names = "--size", defaultValue = "150", description = "Input size (default: ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--batch", defaultValue = "8", description = "Batch size (default: ${DEFAULT-VALUE}).")
	int batch;

	@Option(names = "--threads", defaultValue = "2", description = "Threads given to the peers (default: ${DEFAULT-VALUE}).")
	int threads;

	@Option(names = "--backend", defaultValue = "auto", description = "This project's backend: auto, onednn or dl4j (default: ${DEFAULT-VALUE}).")
	String backend;

	@Option(names = "--peer", defaultValue = "src/bench/python/torch_densenet121.py", description = "PyTorch peer script (default: ${DEFAULT-VALUE}).")
	Path peer;

	/** The ONNX Runtime versions measured as peers: the one the tests use and the newest on Maven Central. */
	static final String[] ORT_VERSIONS = {"1.20.0", "1.23.2"};

	@Option(names = "--ort-peer", defaultValue = "src/bench/python/ort_densenet121.py", description = "ONNX Runtime peer script (default: ${DEFAULT-VALUE}).")
	Path ortPeer;

	@Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with torch and torchvision (default: ${DEFAULT-VALUE}).")
	String python;

	@Option(names = "--rounds", defaultValue = "1", description = "Measure ours and the peers this many times in turn, then print each figure's and ratio's median and range (default: ${DEFAULT-VALUE}).")
	int rounds;

	@Option(names = "--djl-peer", defaultValue = "src/bench/python/djl_densenet121.py", description = "PyTorch 2.7.1 through DJL peer script (default: ${DEFAULT-VALUE}).")
	Path djlPeer;

	@Option(names = "--no-peer", description = "Measure this project only.")
	boolean noPeer;

	@Option(names = "--dl4j", description = "Also measure the DL4J backend (the reference path).")
	boolean dl4j;

	@Option(names = "--primitive-times", description = "Instead: where one inference batch and one training step spend their time, by oneDNN's own timings per primitive.")
	boolean primitiveTimes;

	@Option(names = "--gan", description = "Instead: seconds per image-generator (GAN) epoch at 64 and 128 px.")
	boolean gan;

	@Option(names = "--int8-accuracy", description = "Instead: int8 against float for a model (-m) on a labelled folder (-i): P(fracture) changes, AUC, label flips.")
	boolean int8Accuracy;

	@Option(names = "--unlike-training-data", description = "Instead: how often a model (-m) flags held-out phantoms and images unlike its training data (inverted, turned, flat, noise, gradient, text, texture, chest-like), family by family.")
	boolean unlikeTrainingData;

	@Option(names = {"-m", "--model"}, description = "Model file for --int8-accuracy and --unlike-training-data.")
	Path model;

	@Option(names = {"-i", "--input-folder"}, description = "Labelled folder (Fracture/, Normal/) for --int8-accuracy.")
	Path images;

	@Option(names = "--primitive-times-child", hidden = true)
	boolean primitiveTimesChild;

	@Override
	public Integer call() throws Exception {
		OptionCheck.count("size", size, 32, 1024);
		OptionCheck.count("batch", batch, 1, 1024);
		OptionCheck.count("threads", threads, 1, 1024);
		OptionCheck.count("rounds", rounds, 1, 100);
		ConsoleProgress progress = ConsoleProgress.forTerminal();
		if (primitiveTimesChild) {
			PrimitiveTimes.child(Backends.choose(backend, progress), size, batch);
			return 0;
		}
		System.out.println("CPU: " + io.github.bonefracture.core.CpuName.of());
		if (gan) {
			GanBench.run(new int[] {64, 128}, 16);
			return 0;
		}
		if (int8Accuracy) {
			if (model == null || images == null) throw new InvalidOptionException("--int8-accuracy", "needs a model (-m) and a labelled folder (-i)");
			Int8Accuracy.run(model, images, Backends.choose(backend, progress), progress);
			return 0;
		}
		if (unlikeTrainingData) {
			if (model == null) throw new InvalidOptionException("--unlike-training-data", "needs a model (-m)");
			UnlikeTrainingData.run(model, Backends.choose(backend, progress));
			return 0;
		}
		if (primitiveTimes) {
			PrimitiveTimes.report(backend, size, batch);
			return 0;
		}
		System.out.println(NativeRuntime.configure().message);
		Backend ours = Backends.choose(backend, progress);
		System.out.println(ours.name() + " instruction set: " + ours.instructionSet());
		ComputationGraph g = DenseNet121.builder().inputSize(size, size).updater(new Adam(1e-4)).seed(1).build().init();
		// Every share of the peak counts the network's own operations, as every peer computes them; the oneDNN plans compute fewer.
		double gflopPerImage = 2 * DenseNetOperations.multiplyAdds(DenseNetSpec.of(g), size, false) / 1e9;
		System.out.printf(Locale.ROOT, "DenseNet121 forward %.3f GFLOP per %d px image in the network's order; %.3f with transitions pooling first, "
			+ "as the oneDNN backend computes it%n", gflopPerImage, size, 2 * DenseNetOperations.multiplyAdds(DenseNetSpec.of(g), size, true) / 1e9);
		// Random images: the benchmark measures speed, not accuracy.
		ActivationRanges ranges = ours.int8Ranges(g, List.of(Nd4j.rand(batch, 3, size, size).data().asFloat()), size, size).orElse(null);
		Backend int8 = int8Backend(ours, g, ranges).orElse(null);
		Peers peers = noPeer ? null : new Peers(python, size, threads);
		Int8Peer int8Peer = peers == null || int8 == null ? null : Int8Peer.of(g, ranges, size);
		RoundFigures figures = new RoundFigures();
		for (int round = 1; round <= rounds; round++) {
			if (rounds > 1) System.out.printf(Locale.ROOT, "round %d of %d%n", round, rounds);
			double peak = figures.add("machine peak GFLOP/s (float FMA)", MachinePeak.measure(threads));
			double[] r = measure(ours, g, batch);
			double latency = 1000 / inference(ours, g, 1);
			report("ours (" + ours.name() + ")", r, latency, gflopPerImage, peak);
			figures.add("ours inference img/s", r[0]);
			figures.add("ours training img/s", r[1]);
			figures.add("ours fine-tuning img/s", r[2]);
			figures.add("ours batch-1 latency ms", latency);
			figures.add("ours inference / peak", r[0] * gflopPerImage / peak);
			figures.add("ours training / peak (as 3 forward passes)", r[1] * 3 * gflopPerImage / peak);
			figures.add("ours fine-tuning (BatchNorm frozen) / training (BatchNorm training)", r[2] / r[1]);
			double bf16 = Double.NaN;
			if (ours.bf16Native(g)) {
				try (Inference bf = ours.inference(g.clone(), null, DenseNet121.OUTPUT, true)) {
					bf16 = figures.add("ours bfloat16 inference img/s", rate(batch, 3, 10, run(bf, batch)));
					System.out.printf(Locale.ROOT, "ours (%s, bfloat16) inference img/s %.2f%n", ours.name(), bf16);
				}
			}
			double[] q = int8 == null ? null : int8(int8, g);
			if (q != null) {
				figures.add("ours int8 inference img/s", q[0]);
				figures.add("ours int8 batch-1 latency ms", q[1]);
			}
			if (dl4j && round == 1 && !ours.name().equals(Backends.dl4j().name())) {
				Backend ref = Backends.dl4j();
				report("DL4J", measure(ref, g, batch), 1000 / inference(ref, g, 1), gflopPerImage, peak);
			}
			if (peers != null) comparePeers(peers, r, latency, q, bf16, gflopPerImage / peak, figures);
			double[] qdq = int8Peer == null || q == null ? null : int8Peer.measure(peers, ortPeer, batch, figures).orElse(null);
			if (qdq != null)
				System.out.printf(Locale.ROOT, "ratio ours int8/faster ONNX Runtime int8 (QDQ): inference %.2f, batch-1 latency %.2f (lower is better)%n",
					figures.add("ratio ours int8/faster ONNX Runtime int8, inference", q[0] / qdq[0]),
					figures.add("ratio ours int8/faster ONNX Runtime int8, batch-1 latency (lower is better)", q[1] / (1000 / qdq[1])));
		}
		if (rounds > 1) figures.print(System.out);
		return 0;
	}

	/** The peers' figures, and ours over theirs, printed and added to the rounds' figures. */
	private void comparePeers(Peers peers, double[] r, double latency, double[] int8, double bf16, double flopShare, RoundFigures figures) throws Exception {
		double[] torch = peers.run(peer, batch).orElse(null), torch1 = peers.run(peer, 1).orElse(null);
		if (torch != null && torch1 != null) {
			System.out.printf(Locale.ROOT, "PyTorch inference img/s %.2f  |  ratio ours/PyTorch %.2f%n", figures.add("PyTorch inference img/s", torch[0]), figures.add("ratio ours/PyTorch, inference", r[0] / torch[0]));
			System.out.printf(Locale.ROOT, "PyTorch training img/s %.2f  |  ratio ours/PyTorch %.2f  (PyTorch at %.0f%% of the float peak)%n", figures.add("PyTorch training img/s", torch[1]),
				figures.add("ratio ours/PyTorch, training", r[1] / torch[1]), 100 * figures.add("PyTorch training / peak (as 3 forward passes)", 3 * torch[1] * flopShare));
			System.out.printf(Locale.ROOT, "PyTorch batch-1 latency ms %.1f  |  ratio ours/PyTorch %.2f%n", figures.add("PyTorch batch-1 latency ms", 1000 / torch1[0]),
				figures.add("ratio ours/PyTorch, batch-1 latency (lower is better)", latency / (1000 / torch1[0])));
		}
		double[] djl = peers.run(djlPeer, batch).orElse(null), djl1 = peers.run(djlPeer, 1).orElse(null);
		if (djl != null && djl1 != null) {
			System.out.printf(Locale.ROOT, "PyTorch 2.7.1 (DJL) inference img/s %.2f, batch-1 latency ms %.1f  |  ratio ours/DJL: inference %.2f, batch-1 latency %.2f%n",
				figures.add("PyTorch 2.7.1 (DJL) inference img/s", djl[0]), figures.add("PyTorch 2.7.1 (DJL) batch-1 latency ms", 1000 / djl1[0]),
				figures.add("ratio ours/PyTorch 2.7.1 (DJL), inference", r[0] / djl[0]),
				figures.add("ratio ours/PyTorch 2.7.1 (DJL), batch-1 latency (lower is better)", latency / (1000 / djl1[0])));
			if (!Double.isNaN(djl[1]))
				System.out.printf(Locale.ROOT, "PyTorch 2.7.1 (DJL) training img/s %.2f  |  ratio ours/DJL %.2f%n",
					figures.add("PyTorch 2.7.1 (DJL) training img/s", djl[1]), figures.add("ratio ours/PyTorch 2.7.1 (DJL), training", r[1] / djl[1]));
		}
		// Each ONNX Runtime in turn; ours is compared with the faster of them (the peer to beat), each figure named by version.
		double[] best = null;
		for (String version : ORT_VERSIONS) {
			double[] ort = peers.run(ortPeer, batch, version).orElse(null), ort1 = peers.run(ortPeer, 1, version).orElse(null);
			if (ort == null || ort1 == null) continue;
			String who = "ONNX Runtime " + version;
			System.out.printf(Locale.ROOT, "%s inference img/s %.2f, batch-1 latency ms %.1f%n", who, figures.add(who + " inference img/s", ort[0]),
				figures.add(who + " batch-1 latency ms", 1000 / ort1[0]));
			if (best == null || ort[0] > best[0]) best = new double[] {ort[0], ort1[0]};
		}
		if (best == null) return;
		// What a ratio target asks of the hardware: the faster peer's share of the peak times the ratio.
		System.out.printf(Locale.ROOT, "faster ONNX Runtime at %.0f%% of the float peak%n", 100 * figures.add("faster ONNX Runtime inference / peak", best[0] * flopShare));
		System.out.printf(Locale.ROOT, "ratio ours/faster ONNX Runtime: inference %.2f, batch-1 latency %.2f (lower is better)%n",
			figures.add("ratio ours/faster ONNX Runtime, inference", r[0] / best[0]),
			figures.add("ratio ours/faster ONNX Runtime, batch-1 latency (lower is better)", latency / (1000 / best[1])));
		if (int8 != null) {
			System.out.printf(Locale.ROOT, "ratio ours int8/faster ONNX Runtime (float): inference %.2f, batch-1 latency %.2f%n",
				figures.add("ratio ours int8/faster ONNX Runtime float, inference", int8[0] / best[0]),
				figures.add("ratio ours int8/faster ONNX Runtime float, batch-1 latency (lower is better)", int8[1] / (1000 / best[1])));
		}
		if (!Double.isNaN(bf16))
			System.out.printf(Locale.ROOT, "ratio ours bfloat16/faster ONNX Runtime (float): inference %.2f%n",
				figures.add("ratio ours bfloat16/faster ONNX Runtime float, inference", bf16 / best[0]));
	}

	/** int8 inference through q, {img/s at the batch, batch-1 latency ms}. */
	private double[] int8(Backend q, ComputationGraph g) {
		double[] r = {inference(q, g, batch), 1000 / inference(q, g, 1)};
		System.out.printf(Locale.ROOT, "ours (%s) inference img/s %.2f  (batch %d); batch-1 latency ms %.1f%n", q.name(), r[0], batch, r[1]);
		return r;
	}

	/** b's int8 backend for g in these ranges; empty, with the reason printed, where int8 cannot run. */
	static java.util.Optional<Backend> int8Backend(Backend b, ComputationGraph g, ActivationRanges ranges) {
		java.util.Optional<String> why = b.int8Refusal(g, ranges);
		if (why.isEmpty()) return java.util.Optional.of(b.int8(ranges));
		System.out.println("ours int8: not measured (" + why.get() + ")");
		return java.util.Optional.empty();
	}

	private void report(String who, double[] r, double latency, double gflopPerImage, double peak) {
		System.out.printf(Locale.ROOT, "%s inference img/s %.2f  (batch %d, %.0f%% of the float peak)%n", who, r[0], batch, 100 * r[0] * gflopPerImage / peak);
		System.out.printf(Locale.ROOT, "%s training img/s %.2f  (batch %d, BatchNorm training; forward + backward ~ 3x forward, %.0f%% of the float peak)%n",
			who, r[1], batch, 100 * r[1] * 3 * gflopPerImage / peak);
		System.out.printf(Locale.ROOT, "%s training img/s %.2f  (batch %d, BatchNorm frozen: fine-tuning as the trainer runs it)%n", who, r[2], batch);
		// A float path cannot beat the float peak: a share above it means the probe's round was disturbed, not a faster path.
		if (r[0] * gflopPerImage > peak) System.out.println("  (above the measured peak: the probe ran while something else loaded the CPU; this round's shares mean nothing)");
		System.out.printf(Locale.ROOT, "%s batch-1 latency ms %.1f%n", who, latency);
	}

	/** Images per second as the peers measure them: warm-up, then timed iterations. */
	private static double rate(int batch, int warm, int n, Runnable step) {
		for (int i = 0; i < warm; i++) step.run();
		long t = System.nanoTime();
		for (int i = 0; i < n; i++) step.run();
		return batch / ((System.nanoTime() - t) / 1e9 / n);
	}

	private Runnable run(Inference inf, int n) {
		float[] x = Nd4j.rand(n, 3, size, size).data().asFloat();
		long[] shape = {n, 3, size, size};
		return () -> inf.run(x, shape, false);
	}

	private double inference(Backend b, ComputationGraph template, int n) {
		try (Inference inf = b.inference(template.clone(), null, DenseNet121.OUTPUT, false)) {
			return rate(n, 3, 10, run(inf, n));
		}
	}

	/** {inference, training with BatchNorm training, training with BatchNorm frozen} through the backend, as the product calls it. */
	private double[] measure(Backend b, ComputationGraph template, int n) {
		double inference = inference(b, template, n);
		float[] x = Nd4j.rand(n, 3, size, size).data().asFloat();
		long[] shape = {n, 3, size, size};
		float[] y = new float[n];
		// Alternating steps, so that both modes share whatever else the machine is doing.
		try (Training t = b.training(template.clone(), BatchNormMode.TRAIN, 1e-4, 0);
			Training f = b.training(Networks.phase(template, 1e-4, true), BatchNormMode.FROZEN, 1e-4, 0))
		{
			Runnable train = () -> t.fit(x, shape, y, null), freeze = () -> f.fit(x, shape, y, null);
			double[] seconds = new double[2];
			for (int i = 0; i < 7; i++) {
				int k = 0;
				for (Runnable step : new Runnable[] {train, freeze}) {
					long t0 = System.nanoTime();
					step.run();
					// The first two rounds warm up (plans, JIT).
					if (i >= 2) seconds[k] += (System.nanoTime() - t0) / 1e9;
					k++;
				}
			}
			return new double[] {inference, 5 * n / seconds[0], 5 * n / seconds[1]};
		}
	}

	/** The child process of --primitive-times: this command alone, so that it runs without the rest of the command line. */
	public static void main(String[] args) {
		System.exit(new picocli.CommandLine(new BenchCommand()).execute(args));
	}
}
