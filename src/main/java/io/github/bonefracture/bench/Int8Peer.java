package io.github.bonefracture.bench;

import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.export.OnnxExport;
import io.github.bonefracture.nets.ActivationRanges;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * int8 against int8: the benchmark's network in the QDQ form `export
 * --int8` writes, from the same calibration our int8 plan runs with, run in
 * each ONNX Runtime in turn.
 */
final class Int8Peer {
	private final Path graph;

	private Int8Peer(Path graph) {
		this.graph = graph;
	}

	/** The QDQ graph of g in ranges, written to the system's temporary folder. */
	static Int8Peer of(ComputationGraph g, ActivationRanges ranges, int size) throws java.io.IOException {
		Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "bone-fracture-ort-peer"));
		Path file = dir.resolve("bench-densenet121-int8-" + size + ".onnx");
		OutputFiles.writeStream(file, OnnxExport.int8Network(g, ranges, 3, size, size)::writeTo);
		return new Int8Peer(file);
	}

	/** The faster ONNX Runtime's {img/s at the batch, img/s at batch 1} on the QDQ graph, each version printed; empty when none ran. */
	java.util.Optional<double[]> measure(Peers peers, Path ortPeer, int batch, RoundFigures figures) throws Exception {
		double[] best = null;
		for (String version : BenchCommand.ORT_VERSIONS) {
			java.util.Optional<double[]> atBatch = peers.run(ortPeer, batch, version, graph.toString()), atOne = peers.run(ortPeer, 1, version, graph.toString());
			if (atBatch.isEmpty() || atOne.isEmpty()) continue;
			double[] q = atBatch.get(), q1 = atOne.get();
			String who = "ONNX Runtime " + version + " int8 (QDQ)";
			System.out.printf(Locale.ROOT, "%s inference img/s %.2f, batch-1 latency ms %.1f%n", who, figures.add(who + " inference img/s", q[0]),
				figures.add(who + " batch-1 latency ms", 1000 / q1[0]));
			if (best == null || q[0] > best[0]) best = new double[] {q[0], q1[0]};
		}
		return java.util.Optional.ofNullable(best);
	}
}
