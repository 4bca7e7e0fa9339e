package io.github.bonefracture.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class MainTest {

	@TempDir
	Path dir;

	static String[] run(int expectedExit, String... args) {
		CommandLine cl = Main.commandLine();
		StringWriter out = new StringWriter(), err = new StringWriter();
		cl.setOut(new PrintWriter(out));
		cl.setErr(new PrintWriter(err));
		int code = cl.execute(args);
		assertEquals(expectedExit, code, "exit code of " + String.join(" ", args) + "\nstdout: " + out + "\nstderr: " + err);
		return new String[] {out.toString(), err.toString()};
	}

	@Test
	void everySubcommandHasHelp() {
		for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
			String name = sub.getCommandName();
			String out = run(0, name, "--help")[0];
			assertTrue(out.contains("Usage: bone-fracture " + name), out);
		}
		assertTrue(Main.commandLine().getSubcommands().keySet().containsAll(
			java.util.List.of("phantoms", "inspect", "train", "eval-w-kfold", "detect", "demo")));
	}

	@Test
	void phantomsThenInspect() throws Exception {
		run(0, "phantoms", "-o", dir.toString(), "-n", "2", "--tiff-per-class", "1", "--min-size", "32", "--max-size", "40");
		assertTrue(Files.exists(dir.resolve("Fracture/fracture_002_16bit.tif")));
		Files.write(dir.resolve("Normal/broken.png"), new byte[] {1, 2, 3});
		java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
		java.io.PrintStream old = System.out;
		System.setOut(new java.io.PrintStream(buf, true));
		try {
			run(0, "inspect", "-i", dir.toString());
		} finally {
			System.setOut(old);
		}
		String out = buf.toString();
		assertTrue(out.matches("(?s).*Fracture\\s+3.*Normal\\s+3.*"), out);
		assertTrue(out.contains("broken.png"), out);
	}

	/** train, then detect with the new model, then k-fold: the command line end to end on tiny settings. */
	@Test
	void trainDetectAndKFoldFromTheCommandLine() throws Exception {
		Path data = dir.resolve("data");
		new io.github.bonefracture.phantom.PhantomGenerator(3, 64, 64).writeSet(data, 4, 0);
		String[] tiny = {"--weights", "random", "--image-size", "64", "--blocks", "2,2,2,2", "--growth-rate", "8",
			"--epochs1", "1", "--epochs2", "0", "-b", "4", "--bn-momentum", "0.9"};
		Path model = dir.resolve("m.zip");
		run(0, concat(new String[] {"train", "-i", data.toString(), "-o", model.toString()}, tiny));
		assertTrue(Files.size(model) > 0);
		Path out = dir.resolve("det");
		run(0, "detect", "-i", data.toString(), "-m", model.toString(), "-o", out.toString(), "--tta");
		java.util.List<String> csv = Files.readAllLines(out.resolve("detections.csv"));
		assertEquals(9, csv.size());
		assertTrue(csv.get(0).startsWith("file,p_fracture,label,threshold,model,error"));
		assertTrue(Files.exists(out.resolve("Fracture/fracture_000_detection.png")));
		Path kf = dir.resolve("kf");
		run(0, concat(new String[] {"eval-w-kfold", "-i", data.toString(), "-k", "2", "-o", kf.toString(), "--compare-baseline"}, tiny));
		// A DenseNet already from random weights: the naive CNN and the small CNN beside it, two folds each.
		java.util.List<String> folds = Files.readAllLines(kf.resolve("folds.csv"));
		assertEquals(1 + 3 * 2, folds.size());
		assertEquals(java.util.Set.of("densenet121", "baseline-cnn", "small-cnn"),
			folds.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).collect(java.util.stream.Collectors.toSet()));
		String err = run(1, "detect", "-i", data.toString(), "-m", dir.resolve("nope.zip").toString())[1];
		assertTrue(err.contains("Model file not found"), err);
	}

	static String[] concat(String[] a, String[] b) {
		String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, r, a.length, b.length);
		return r;
	}

	@Test
	void badInputIsAMessageAndExitCodeOne() {
		String err = run(1, "inspect", "-i", dir.resolve("missing").toString())[1];
		assertTrue(err.startsWith("Error: Dataset folder not found"), err);
		assertFalse(err.contains("at io.github"), "no stack trace for bad input");
	}
}
