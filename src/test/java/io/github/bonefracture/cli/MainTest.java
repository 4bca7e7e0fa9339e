package io.github.bonefracture.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.TestImages;

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
		assertTrue(Main.commandLine().getSubcommands().keySet().containsAll(java.util.List.of("phantoms", "inspect")));
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

	@Test
	void badInputIsAMessageAndExitCodeOne() {
		String err = run(1, "inspect", "-i", dir.resolve("missing").toString())[1];
		assertTrue(err.startsWith("Error: Dataset folder not found"), err);
		assertFalse(err.contains("at io.github"), "no stack trace for bad input");
	}
}
