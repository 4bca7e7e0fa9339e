package io.github.bonefracture.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.phantom.PhantomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo reproduces itself exactly on one machine: the demo command, run
 * twice in separate JVMs with the same thread count on the same images,
 * writes the same k-fold predictions, fold figures, summary and
 * detections, byte for byte. (A small dataset and pretraining set keep it
 * short; the code path is the demo's own.) On another CPU oneDNN may sum in
 * another order and the figures move in the last digits: README.md's demo
 * table says which.
 */
class DemoRepeatsTest {

	@TempDir
	Path dir;

	private void demo(Path data, Path out) throws Exception {
		List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) if (a.startsWith("--add-opens") || a.startsWith("-D")) cmd.add(a);
		cmd.addAll(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
			"demo", "-i", data.toString(), "-o", out.toString(), "-k", "2", "--pretrain-images", "10"));
		ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("demo.log").toFile());
		b.environment().put("OMP_NUM_THREADS", "2");
		Process p = b.start();
		assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the demo finished");
		assertEquals(0, p.exitValue(), Files.readString(dir.resolve("demo.log")));
	}

	@Test
	void theDemoWritesTheSameFilesTwice() throws Exception {
		Path data = dir.resolve("images");
		new PhantomGenerator(5, 100, 100, 1).writeSet(data, 6, 0);
		Path out = dir.resolve("demo"), first = dir.resolve("first");
		demo(data, out);
		// The same output folder (the files name it), the first run's moved aside.
		Files.move(out, first);
		demo(data, out);
		for (String f : new String[] {"kfold/predictions.csv", "kfold/folds.csv", "kfold/summary.json", "kfold/reliability.csv", "detections/detections.csv"}) {
			String a = Files.readString(first.resolve(f), StandardCharsets.UTF_8), b = Files.readString(out.resolve(f), StandardCharsets.UTF_8);
			assertFalse(a.isBlank(), f);
			assertEquals(a, b, f + " differs between two runs of the demo");
		}
		assertTrue(Files.readString(out.resolve("kfold/summary.json")).contains("\"name\": \"densenet121 from random weights\""),
			"the demo compares the baselines too");
	}
}
