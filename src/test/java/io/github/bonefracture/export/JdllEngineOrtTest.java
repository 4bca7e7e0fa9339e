package io.github.bonefracture.export;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's graph in the ONNX Runtime that deepImageJ runs it with: JDLL
 * 0.6.1's availableDLVersions.json lists ONNX engines up to ONNX Runtime
 * 1.13.1 (all through dl-modelrunner-onnx 0.4.2), older than the one the
 * other tests use, and without some kernels newer ones have (a double-precision
 * Floor, for one). The build copies 1.13.1 to target/jdll-onnx-engine; a JVM
 * with it alone runs the package's test input and must give its test outputs.
 */
class JdllEngineOrtTest {

	@TempDir
	Path dir;

	@Test
	void thePackageRunsInJdllsOnnxRuntime() throws Exception {
		Path zip = TinyPackage.write(dir);
		Map<String, Float> expected = new HashMap<>();
		try (ZipFile z = new ZipFile(zip.toFile())) {
			Files.write(dir.resolve("model.onnx"), z.getInputStream(z.getEntry(BioImageIoPackage.WEIGHTS)).readAllBytes());
			Files.write(dir.resolve("input.npy"), z.getInputStream(z.getEntry(BioImageIoPackage.TEST_INPUT)).readAllBytes());
			expected.put(OnnxExport.OUTPUT, BioImageIoPackageTest.npy(z.getInputStream(z.getEntry(BioImageIoPackage.TEST_OUTPUT)).readAllBytes(), new long[2])[0]);
			expected.put(OnnxExport.DISTANCE, BioImageIoPackageTest.npy(z.getInputStream(z.getEntry(BioImageIoPackage.TEST_DISTANCE)).readAllBytes(), new long[2])[0]);
		}
		Path engine = Path.of("target", "jdll-onnx-engine", "onnxruntime-1.13.1.jar");
		assertTrue(Files.isRegularFile(engine), "the build copies JDLL's ONNX Runtime to " + engine);
		String cp = engine.toAbsolutePath() + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
		Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
			"-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp", cp,
			OrtRunner.class.getName(), dir.resolve("model.onnx").toString(), dir.resolve("input.npy").toString())
			.redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertTrue(p.waitFor(120, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), out);
		Map<String, Float> got = new HashMap<>();
		for (String line : out.split("\n")) {
			String[] f = line.trim().split(" ");
			if (f.length == 2 && List.of(OnnxExport.OUTPUT, OnnxExport.DISTANCE, OnnxExport.CAM).contains(f[0])) got.put(f[0], Float.parseFloat(f[1]));
		}
		assertEquals(expected.get(OnnxExport.OUTPUT), got.get(OnnxExport.OUTPUT), 1e-4, out);
		assertEquals(expected.get(OnnxExport.DISTANCE), got.get(OnnxExport.DISTANCE), 1e-3 * Math.max(1, expected.get(OnnxExport.DISTANCE)), out);
	}
}
