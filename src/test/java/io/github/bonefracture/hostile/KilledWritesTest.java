package io.github.bonefracture.hostile;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.phantom.PhantomGenerator;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at several moments, during training and in the middle of saving:
 * the model file that was there before stays byte for byte and loads; the
 * killed writer's temporary file is removed by the next write.
 */
class KilledWritesTest {

	@TempDir
	Path dir;

	/** Starts the child, waits for a line starting with trigger, waits delayMs more and kills it; returns its output so far. */
	static List<String> killAfter(List<String> cmd, String trigger, long delayMs) throws Exception {
		Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		List<String> lines = new ArrayList<>();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = r.readLine()) != null) {
				lines.add(line);
				if (line.startsWith(trigger)) break;
			}
			assertNotNull(line, "the child ended before '" + trigger + "': " + lines);
			Thread.sleep(delayMs);
			p.destroyForcibly();
			assertTrue(p.waitFor(1, TimeUnit.MINUTES));
		}
		assertEquals(137, p.exitValue(), "killed with SIGKILL");
		return lines;
	}

	static List<Path> leftovers(Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> p.getFileName().toString().startsWith(".bfd-")).collect(Collectors.toList());
		}
	}

	@Test
	void killedTrainingAndKilledSavesLeaveThePreviousModelWholeAndLoadable() throws Exception {
		Path data = dir.resolve("data");
		new PhantomGenerator(3, 64, 64).writeSet(data, 6, 0);
		Path target = dir.resolve("model.zip");
		Hostile.cli("train", "-i", data.toString(), "-o", target.toString(), "--weights", "random", "--image-size", "64", "--blocks", "2,2,2,2",
			"--growth-rate", "8", "--epochs1", "1", "--epochs2", "0", "-b", "4").expect(0);
		byte[] before = Files.readAllBytes(target);

		// Killed while training (the save is minutes away).
		List<String> train = new ArrayList<>(Hostile.javaCommand(List.of("-Xmx1g"), "io.github.bonefracture.cli.Main"));
		train.addAll(List.of("train", "-i", data.toString(), "-o", target.toString(), "--weights", "random", "--image-size", "64",
			"--blocks", "2,2,2,2", "--growth-rate", "8", "--epochs1", "500", "--epochs2", "0", "-b", "4"));
		killAfter(train, "Training on", 1500);
		assertArrayEquals(before, Files.readAllBytes(target));

		// Killed as a save starts, and at three moments into saves of a full-size DenseNet121 (tens of MB, about a second each).
		List<String> saves = Hostile.javaCommand(List.of("-Xmx2g"), ModelSaveLoop.class.getName());
		saves.add(target.toString());
		int unchanged = 0;
		for (long delay : new long[] {0, 150, 400}) {
			killAfter(new ArrayList<>(saves), "saving 1", delay);
			// Either the old file byte for byte, or (the save finished before the kill) the whole new one.
			if (java.util.Arrays.equals(before, Files.readAllBytes(target))) {
				unchanged++;
				assertNotNull(ModelFile.load(target));
			} else {
				assertEquals(8_000_000, ModelFile.load(target).network.numParams(), 500_000, "a completed save is the full model");
				Files.write(target, before);
			}
		}
		assertTrue(unchanged > 0, "at least one kill landed inside a save");
		assertFalse(leftovers(dir).isEmpty(), "a kill in the middle of a save leaves its temporary file");
		// The next write to the target removes what dead writers left.
		OutputFiles.write(target, tmp -> Files.write(tmp, before));
		assertEquals(List.of(), leftovers(dir));
		assertArrayEquals(before, Files.readAllBytes(target));
	}

	@Test
	void filesGetTheUmaskStaleTemporariesGoLiveOnesStay() throws Exception {
		Path target = dir.resolve("summary.json");
		Path dead = Files.writeString(dir.resolve(".bfd-2147483646-abc.summary.json"), "half");
		Path old = Files.writeString(dir.resolve(".summary.json8812345.part"), "half");
		Path live = Files.writeString(dir.resolve(".bfd-" + ProcessHandle.current().pid() + "-xyz.summary.json"), "in progress");
		Path other = Files.writeString(dir.resolve(".bfd-2147483646-abc.other.json"), "another target's");
		OutputFiles.writeString(target, "{}");
		assertEquals("{}", Files.readString(target));
		assertFalse(Files.exists(dead));
		assertFalse(Files.exists(old));
		assertTrue(Files.exists(live));
		assertTrue(Files.exists(other));
		Path plain = Files.createFile(dir.resolve("made-with-the-umask"));
		assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
			PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
	}
}
