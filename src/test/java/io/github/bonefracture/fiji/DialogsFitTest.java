package io.github.bonefracture.fiji;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.options.Job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every plain-ImageJ dialog, shown in a real window on a 1366 x 768 X
 * screen (Xvfb, which .ci/run installs), fits the screen with its OK,
 * Cancel and Help buttons on it; each job has its first dialog, and a
 * second (advanced) one where it has more options. Text typed into a number
 * field that does not parse is refused with the macro's own message.
 */
class DialogsFitTest {

	@TempDir
	Path dir;

	@Test
	void everyDialogFitsALaptopScreen() throws Exception {
		assertTrue(Files.isExecutable(Path.of("/usr/bin/Xvfb")), "Xvfb is needed for this test: apt-get install xvfb (.ci/run does)");
		int display = 90 + (int) (ProcessHandle.current().pid() % 9);
		Process x = new ProcessBuilder("/usr/bin/Xvfb", ":" + display, "-screen", "0", "1366x768x24", "-nolisten", "tcp")
			.redirectErrorStream(true).redirectOutput(dir.resolve("xvfb.log").toFile()).start();
		try {
			Thread.sleep(1500);
			assertTrue(x.isAlive(), "Xvfb started: " + Files.readString(dir.resolve("xvfb.log")));
			List<String> cmd = new ArrayList<>();
			cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) if (a.startsWith("--add-opens") || a.startsWith("-Djava.io.tmpdir=")) cmd.add(a);
			cmd.addAll(List.of("-Djava.awt.headless=false", "-cp", System.getProperty("java.class.path"), DialogShots.class.getName()));
			ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
			b.environment().put("DISPLAY", ":" + display);
			Process p = b.start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertTrue(p.waitFor(5, TimeUnit.MINUTES));
			assertEquals(0, p.exitValue(), out);
			assertTrue(out.contains("screen 1366 768"), out);
			Map<String, int[]> sizes = new HashMap<>();
			for (String line : out.split("\n")) {
				String[] f = line.trim().split(" ");
				if (!f[0].equals("dialog")) continue;
				sizes.put(f[1], new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])});
				assertEquals("buttons-on-screen", f[4], line);
				assertTrue(Integer.parseInt(f[2]) <= 1366 && Integer.parseInt(f[3]) <= 768, "larger than the screen: " + line);
			}
			// Text that is not a number is refused by the dialog with the message a macro line gets, never read as 0.
			String macro = assertThrows(io.github.bonefracture.core.InvalidInputException.class,
				() -> MacroKeys.value("epochs1=abc", io.github.bonefracture.options.Options.find(Job.TRAIN, "epochs1"))).getMessage();
			assertTrue(out.contains("parse-refused " + macro + "\n"), macro + " / " + out);
			for (Job job : Job.values()) {
				assertTrue(sizes.containsKey(job.command() + "-dialog"), job + ": " + out);
				assertEquals(!io.github.bonefracture.options.Options.advanced(job).isEmpty(), sizes.containsKey(job.command() + "-advanced"), job + ": " + out);
			}
		} finally {
			x.destroy();
			x.waitFor(10, TimeUnit.SECONDS);
		}
	}
}
