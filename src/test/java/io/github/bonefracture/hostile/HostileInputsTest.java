package io.github.bonefracture.hostile;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.phantom.PhantomGenerator;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against what a hostile or unlucky user hands it: each
 * case asserts the message, the exit code, and that the good files of the
 * same run were finished.
 */
class HostileInputsTest {

	/** A tiny network trained once (inner_folds 0): these tests are about inputs, not the decision. */
	static final String[] TINY = {"--weights", "random", "--image-size", "64", "--blocks", "2,2,2,2", "--growth-rate", "8",
		"--epochs1", "1", "--epochs2", "0", "-b", "4", "--bn-momentum", "0.9", "--no-flip", "--rotation", "0", "--zoom", "0", "--brightness", "0",
		"--inner-folds", "0"};

	@TempDir
	static Path shared;
	static Path good;
	static Path model;

	@TempDir
	Path dir;

	@BeforeAll
	static void tinyModel() {
		good = shared.resolve("good");
		new PhantomGenerator(3, 64, 64).writeSet(good, 6, 0);
		model = shared.resolve("model.zip");
		Hostile.cli(concat(new String[] {"train", "-i", good.toString(), "-o", model.toString()}, TINY)).expect(0);
	}

	static String[] concat(String[] a, String... b) {
		String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, r, a.length, b.length);
		return r;
	}

	/** good's 12 phantoms copied, plus whatever the test adds. */
	Path copyOfGood(String name) throws Exception {
		Path d = dir.resolve(name);
		try (Stream<Path> s = Files.walk(good)) {
			for (Path p : s.collect(Collectors.toList())) {
				Path t = d.resolve(good.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(t);
				else Files.copy(p, t);
			}
		}
		return d;
	}

	static List<String> csv(Path out) throws Exception {
		return Files.readAllLines(out.resolve("detections.csv"));
	}

	@Test
	void decompressionBombIsSkippedFromItsHeaderAndTheRunGoesOn() throws Exception {
		Path data = copyOfGood("bomb");
		Hostile.bombPng(data.resolve("Fracture/bomb.png"), 30000, 30000);
		assertTrue(Files.size(data.resolve("Fracture/bomb.png")) < 1_000_000);
		Path out = dir.resolve("out");
		Hostile.Run r = Hostile.cli("detect", "-i", data.toString(), "-m", model.toString(), "-o", out.toString()).expect(0);
		assertTrue(r.out.contains("bomb.png\tERROR\t30000x30000 pixels (900 megapixels) is above the limit of 100 megapixels"), r.toString());
		List<String> rows = csv(out);
		assertEquals(1 + 13, rows.size());
		assertEquals(12, rows.stream().filter(l -> l.contains(",Fracture,") || l.contains(",Normal,")).count(), String.join("\n", rows));
		assertTrue(r.out.contains("Wrote"));

		Hostile.Run inspect = Hostile.cli("inspect", "-i", data.toString()).expect(0);
		assertTrue(inspect.out.contains("bomb.png") && inspect.out.contains("above the limit"), inspect.toString());

		Path m = dir.resolve("m.zip");
		Hostile.Run train = Hostile.cli(concat(new String[] {"train", "-i", data.toString(), "-o", m.toString()}, TINY)).expect(0);
		assertTrue(train.err.contains("bomb.png") && train.err.contains("above the limit"), train.toString());
		assertTrue(Files.size(m) > 0);

		// Raised limit: the 20000x20000 image is read subsampled and annotated at a bounded size.
		Path big = copyOfGood("big");
		Hostile.bombPng(big.resolve("Normal/huge.png"), 20000, 20000);
		Path out2 = dir.resolve("out2");
		Hostile.cli("detect", "-i", big.toString(), "-m", model.toString(), "-o", out2.toString(), "--no-heatmap", "--max-megapixels", "500").expect(0);
		BufferedImage annotated = ImageIO.read(out2.resolve("Normal/huge_detection.png").toFile());
		assertEquals(2048, Math.max(annotated.getWidth(), annotated.getHeight()));
		assertEquals(13, pngs(out2).size());
	}

	static List<Path> pngs(Path out) throws Exception {
		try (Stream<Path> s = Files.walk(out)) {
			return s.filter(p -> p.toString().endsWith("_detection.png")).collect(Collectors.toList());
		}
	}

	@Test
	void annotatedImagesMirrorTheInputTreeSoNoTwoShareAName() throws Exception {
		Path mura = dir.resolve("mura");
		List<Path> sources = Files.list(good.resolve("Fracture")).sorted().limit(6).collect(Collectors.toList());
		for (int i = 0; i < 6; i++) {
			Path t = mura.resolve("patient" + (i % 3) + "/study" + (i / 3 + 1) + "_positive/image1.png");
			Files.createDirectories(t.getParent());
			Files.copy(sources.get(i), t);
		}
		Path out = dir.resolve("out");
		Hostile.cli("detect", "-i", mura.toString(), "-m", model.toString(), "-o", out.toString()).expect(0);
		assertEquals(6, pngs(out).size());
		assertTrue(Files.exists(out.resolve("patient2/study2_positive/image1_detection.png")));
		// The annotated column (7th) names the copy at the input's relative path.
		assertTrue(csv(out).get(1).contains(",patient0/study1_positive/image1_detection.png,"), csv(out).get(1));
	}

	@Test
	void symbolicLinksAreFollowedLoopsReportedOnceDanglingLinksUnreadable() throws Exception {
		Path data = dir.resolve("linked");
		Files.createDirectories(data);
		Files.createSymbolicLink(data.resolve("Fracture"), good.resolve("Fracture"));
		Path normal = Files.createDirectories(data.resolve("Normal"));
		for (Path p : Files.list(good.resolve("Normal")).collect(Collectors.toList())) Files.copy(p, normal.resolve(p.getFileName()));
		Files.createSymbolicLink(normal.resolve("gone.png"), dir.resolve("nowhere.png"));
		Files.createSymbolicLink(normal.resolve("loop"), data);
		Hostile.Run r = Hostile.cli("inspect", "-i", data.toString()).expect(0);
		assertTrue(r.out.matches("(?s).*Fracture\\s+6.*Normal\\s+6.*"), r.toString());
		assertTrue(r.out.contains("gone.png: broken symbolic link"), r.toString());
		assertEquals(1, r.out.split("symbolic link loop", -1).length - 1, r.toString());

		Path out = dir.resolve("out");
		Hostile.Run d = Hostile.cli("detect", "-i", data.toString(), "-m", model.toString(), "-o", out.toString()).expect(0);
		assertTrue(d.out.contains("gone.png\tERROR\tbroken symbolic link"), d.toString());
		assertEquals(12, pngs(out).size());
	}

	@Test
	void badNumbersAreExitTwoNamingTheOption() throws Exception {
		String[][] cases = {
			{"--blocks", "0,0,0,0", "--blocks"}, {"--growth-rate", "0", "--growth-rate"}, {"--lr1", "Infinity", "--lr1"},
			{"--image-size", "20000", "--image-size"}, {"--lr2", "NaN", "--lr2"}, {"-b", "0", "--batch-size"},
			{"--max-megapixels", "-1", "--max-megapixels"}, {"--rotation", "2", "--rotation"}, {"--blocks", "2,2,2", "--blocks"},
		};
		Path m = dir.resolve("never.zip");
		for (String[] c : cases) {
			Hostile.Run r = Hostile.cli("train", "-i", good.toString(), "-o", m.toString(), "--weights", "random", c[0], c[1]).expect(2);
			assertTrue(r.err.startsWith("Invalid value for option '" + c[2] + "'"), r.toString());
			assertFalse(r.err.contains("\tat "), "no stack trace: " + r);
		}
		assertFalse(Files.exists(m));
		Hostile.Run k = Hostile.cli(concat(new String[] {"eval-w-kfold", "-i", good.toString(), "-k", "1", "-o", dir.resolve("kf").toString()}, TINY)).expect(2);
		assertTrue(k.err.startsWith("Invalid value for option '--folds'"), k.toString());
		for (String t : new String[] {"1.5", "-0.2", "1"}) {
			Hostile.Run r = Hostile.cli("detect", "-i", good.toString(), "-m", model.toString(), "-t", t).expect(2);
			assertTrue(r.err.startsWith("Invalid value for option '--threshold': " + t + " is out of range"), r.toString());
			assertFalse(r.out.contains("Fracture\t"), "nothing detected: " + r);
		}
		Hostile.Run b = Hostile.cli("detect", "-i", good.toString(), "-m", model.toString(), "-b", "0").expect(2);
		assertTrue(b.err.startsWith("Invalid value for option '--batch-size'"), b.toString());
		Hostile.Run p = Hostile.cli("phantoms", "-o", dir.resolve("ph").toString(), "--min-size", "0").expect(2);
		assertTrue(p.err.startsWith("Invalid value for option '--min-size'"), p.toString());
		Path empty = Files.createDirectories(dir.resolve("empty"));
		Hostile.Run e = Hostile.cli("detect", "-i", empty.toString(), "-m", model.toString()).expect(1);
		assertTrue(e.err.contains("No images in " + empty), e.toString());
	}

	@Test
	void unwritableOutputsAreRefusedBeforeAnyWork() throws Exception {
		Path folder = Files.createDirectories(dir.resolve("a-folder"));
		Hostile.Run r = Hostile.cli(concat(new String[] {"train", "-i", good.toString(), "-o", folder.toString()}, TINY)).expect(1);
		assertTrue(r.err.contains("is a folder, not a file"), r.toString());
		assertFalse(r.out.contains("Training on"), "refused before training: " + r);
		// Root passes permission bits, so a folder no process may write to: /proc.
		Path readOnly = Path.of("/proc/self");
		if (Files.isDirectory(readOnly)) {
			Hostile.Run ro = Hostile.cli(concat(new String[] {"train", "-i", good.toString(), "-o", readOnly.resolve("m.zip").toString()}, TINY)).expect(1);
			assertTrue(ro.err.contains("is not writable"), ro.toString());
			assertFalse(ro.out.contains("Training on"), ro.toString());
		}
		Path file = Files.writeString(dir.resolve("a-file"), "x");
		Hostile.Run k = Hostile.cli(concat(new String[] {"eval-w-kfold", "-i", good.toString(), "-k", "2", "-o", file.toString()}, TINY)).expect(1);
		assertTrue(k.err.contains("is a file, not a folder"), k.toString());
		assertFalse(k.out.contains("fold 1"), k.toString());
		Hostile.Run d = Hostile.cli("detect", "-i", good.toString(), "-m", model.toString(), "-o", file.resolve("out").toString()).expect(1);
		assertTrue(d.err.contains("a-file is a file, not a folder"), d.toString());
		assertEquals("x", Files.readString(file));
	}

	/** A real full disk: a 96 KB tmpfs in a private mount namespace (unshare -rm), the CLI in a child JVM writing to it. */
	@Test
	void aFullDiskFailsTheRunAndNeverPrintsWrote() throws Exception {
		Path out = Files.createDirectories(dir.resolve("full"));
		boolean canMount = new ProcessBuilder("unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=96k tmpfs " + out)
			.redirectErrorStream(true).start().waitFor() == 0;
		org.junit.jupiter.api.Assumptions.assumeTrue(canMount, "needs unshare and tmpfs (Linux user namespaces)");
		Path data = copyOfGood("many");
		for (int i = 0; i < 3; i++) new PhantomGenerator(10 + i, 200, 200).writeSet(data.resolve("more" + i), 10, 0);
		String[] args = {"detect", "-i", data.toString(), "-m", model.toString(), "-o", out.toString()};
		// After the run, still inside the namespace: what the full disk holds.
		String script = "mount -t tmpfs -o size=96k tmpfs " + out + " && { \"$@\"; rc=$?; echo '==files'; find " + out
			+ " -type f; echo '==csv'; cat " + out + "/detections.csv 2>/dev/null; exit $rc; }";
		Hostile.Run r = Hostile.child(List.of("unshare", "-rm", "sh", "-c", script, "sh"), List.of("-Xmx1g"), args);
		assertEquals(1, r.exit, r.toString());
		assertTrue(r.err.contains("No space left on device"), r.toString());
		assertFalse(r.out.contains("Wrote"), r.toString());
		assertFalse(r.err.contains("Exception") || r.err.contains("\tat "), "no exception text or stack trace: " + r);
		String files = r.out.substring(r.out.indexOf("==files"), r.out.indexOf("==csv"));
		List<String> csv = r.out.substring(r.out.indexOf("==csv") + 6).lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
		for (String row : csv.subList(Math.min(1, csv.size()), csv.size())) {
			String annotated = row.substring(row.lastIndexOf(',') + 1);
			if (!annotated.isEmpty()) assertTrue(files.contains(out.resolve(annotated).toString()), "the CSV names " + annotated + ", which is not there: " + r);
		}
	}

	@Test
	void anUnexpectedFailureIsExitThreeWithOneLineNamingTheWork() throws Exception {
		// 12 images at 1024 px take 48 MB decoded and a batch of them 150 MB more: the child has 128 MB.
		String[] args = {"train", "-i", good.toString(), "-o", dir.resolve("oom.zip").toString(), "--weights", "random", "--image-size", "1024",
			"--blocks", "2,2,2,2", "--growth-rate", "8", "--epochs1", "1", "--epochs2", "0", "-b", "64"};
		Hostile.Run r = Hostile.child(List.of(), List.of("-Xmx128m"), args);
		assertEquals(3, r.exit, r.toString());
		List<String> errorLines = r.err.lines().filter(l -> l.startsWith("Error")).collect(Collectors.toList());
		assertEquals(1, errorLines.size(), r.toString());
		assertTrue(errorLines.get(0).startsWith("Error while training on " + good) && errorLines.get(0).contains("out of memory"), r.toString());
		assertFalse(r.err.contains("\tat "), "no stack trace without --verbose: " + r);
		assertFalse(Files.exists(dir.resolve("oom.zip")));
		Hostile.Run v = Hostile.child(List.of(), List.of("-Xmx128m"), concat(args, "--verbose"));
		assertEquals(3, v.exit, v.toString());
		assertTrue(v.err.contains("\tat "), "stack trace with --verbose: " + v);
	}
}
