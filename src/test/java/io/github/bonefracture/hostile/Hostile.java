package io.github.bonefracture.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.bonefracture.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** What the hostile-input tests share: the command line run as a user runs it, and files made to hurt. */
public final class Hostile {

	private Hostile() {}

	/** Exit code, stdout and stderr of one command-line run in this JVM. */
	static final class Run {
		final int exit;
		final String out;
		final String err;

		Run(int exit, String out, String err) {
			this.exit = exit;
			this.out = out;
			this.err = err;
		}

		Run expect(int code) {
			assertEquals(code, exit, "exit code\nstdout: " + out + "\nstderr: " + err);
			return this;
		}

		@Override
		public String toString() {
			return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
		}
	}

	/** Two phantoms a class below good (made there) and a tiny model trained on them from the command line, as a user would. */
	static Path tinyModel(Path good, Path model) {
		new io.github.bonefracture.phantom.PhantomGenerator(3, 64, 64).writeSet(good, 2, 0);
		cli("train", "-i", good.toString(), "-o", model.toString(), "--weights", "random", "--image-size", "64", "--blocks", "2,2,2,2",
			"--growth-rate", "8", "--epochs1", "1", "--epochs2", "0", "-b", "4").expect(0);
		return model;
	}

	/** Main.run with System.out and System.err captured (the commands print results and progress there). */
	static synchronized Run cli(String... args) {
		PrintStream oldOut = System.out, oldErr = System.err;
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
		int code;
		try {
			code = Main.run(args);
		} finally {
			System.setOut(oldOut);
			System.setErr(oldErr);
		}
		return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** The command line in a child JVM, optionally wrapped (e.g. in a mount namespace). */
	static Run child(List<String> wrapper, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>(wrapper);
		cmd.addAll(javaCommand(jvmOptions, Main.class.getName()));
		cmd.addAll(List.of(args));
		Path out = Files.createTempFile("bfd-child", ".out"), err = Files.createTempFile("bfd-child", ".err");
		try {
			Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
			if (!p.waitFor(5, TimeUnit.MINUTES)) {
				p.destroyForcibly();
				throw new AssertionError("child did not end in 5 minutes: " + cmd);
			}
			return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
		} finally {
			Files.deleteIfExists(out);
			Files.deleteIfExists(err);
		}
	}

	/** java with this test's class path (surefire's booter jar carries it in its manifest). */
	static List<String> javaCommand(List<String> jvmOptions, String mainClass) {
		List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// The build's temporary folder (under target/), not the machine's.
		cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
		cmd.addAll(jvmOptions);
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(mainClass);
		return cmd;
	}

	/**
	 * A valid 1-bit grey PNG of width x height, all black: a few hundred KB on
	 * disk for 900 megapixels, written row by row so the test never holds it.
	 */
	static void bombPng(Path file, int width, int height) throws IOException {
		try (OutputStream out = Files.newOutputStream(file)) {
			out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
			java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13);
			ihdr.putInt(width).putInt(height).put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
			chunk(out, "IHDR", ihdr.array());
			ByteArrayOutputStream idat = new ByteArrayOutputStream();
			try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
				byte[] row = new byte[1 + (width + 7) / 8];
				for (int y = 0; y < height; y++) z.write(row);
			}
			chunk(out, "IDAT", idat.toByteArray());
			chunk(out, "IEND", new byte[0]);
		}
	}

	private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
		java.nio.ByteBuffer len = java.nio.ByteBuffer.allocate(4).putInt(data.length);
		out.write(len.array());
		byte[] t = type.getBytes(StandardCharsets.US_ASCII);
		out.write(t);
		out.write(data);
		CRC32 crc = new CRC32();
		crc.update(t);
		crc.update(data);
		out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}
}
