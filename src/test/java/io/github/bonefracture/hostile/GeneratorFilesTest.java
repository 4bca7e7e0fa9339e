package io.github.bonefracture.hostile;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.phantom.PhantomGenerator;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's user path on the command line: gan train writes a
 * generator, its grids and loss curves; gan sample writes a dataset folder;
 * train takes synthetic images from the generator; damaged generator files
 * are refused with exit 1 and a message naming the file.
 */
class GeneratorFilesTest {

	@TempDir
	static Path shared;
	static Path data;
	static Path generator;
	static Path curves;
	static Map<String, byte[]> entries;

	@TempDir
	Path dir;

	@BeforeAll
	static void tinyGenerator() throws Exception {
		data = shared.resolve("data");
		new PhantomGenerator(3, 64, 64).writeSet(data, 4, 0);
		generator = shared.resolve("generator.zip");
		curves = shared.resolve("curves");
		Path features = shared.resolve("densenet.zip");
		Hostile.cli("train", "-i", data.toString(), "-o", features.toString(), "--weights", "random", "--image-size", "64", "--blocks", "2,2,2,2",
			"--growth-rate", "8", "--epochs1", "1", "--epochs2", "0", "-b", "4").expect(0);
		Hostile.Run r = Hostile.cli("gan", "train", "-i", data.toString(), "-o", generator.toString(), "--output-folder", curves.toString(),
			"--generator-size", "16", "--generator-epochs", "2", "-b", "4", "--feature-model", features.toString()).expect(0);
		assertTrue(r.out.contains("Wrote " + generator), r.toString());
		entries = new LinkedHashMap<>();
		try (ZipFile z = new ZipFile(generator.toFile())) {
			for (ZipEntry e : java.util.Collections.list(z.entries()))
				try (InputStream in = z.getInputStream(e)) {
					entries.put(e.getName(), in.readAllBytes());
				}
		}
	}

	@Test
	void trainingLeavesAGridPerEpochAndTheLossCurves() throws Exception {
		assertTrue(Files.size(curves.resolve("grids/epoch-0001.png")) > 0);
		assertTrue(Files.size(curves.resolve("grids/epoch-0002.png")) > 0);
		List<String> csv = Files.readAllLines(curves.resolve("gan-losses.csv"));
		assertEquals(3, csv.size(), String.join("\n", csv));
		assertTrue(csv.get(0).startsWith("epoch,discriminator_loss,generator_loss"));
		assertTrue(Files.size(curves.resolve("gan-losses.png")) > 0);
		JsonObject quality = JsonParser.parseString(Files.readString(curves.resolve("quality.json"))).getAsJsonObject();
		for (String cls : List.of("Fracture", "Normal")) {
			JsonObject q = quality.getAsJsonObject(cls);
			assertEquals(4, q.get("realImages").getAsInt());
			assertTrue(q.get("frechetDistance").getAsDouble() >= 0);
			assertTrue(q.get("recall").getAsDouble() >= 0 && q.get("recall").getAsDouble() <= 1);
		}
		JsonObject meta = JsonParser.parseString(new String(entries.get("metadata.json"), java.nio.charset.StandardCharsets.UTF_8)).getAsJsonObject();
		assertEquals("bone-fracture-detection-generator", meta.get("format").getAsString());
		assertEquals(4, meta.get("trainedOnFracture").getAsInt());
		assertEquals(16, meta.getAsJsonObject("config").get("imageSize").getAsInt());
	}

	@Test
	void samplingWritesADatasetFolderTheSameForTheSameSeed() throws Exception {
		Path a = dir.resolve("a"), b = dir.resolve("b");
		Hostile.cli("gan", "sample", "-g", generator.toString(), "-n", "3", "-o", a.toString()).expect(0);
		Hostile.cli("gan", "sample", "-g", generator.toString(), "-n", "3", "-o", b.toString()).expect(0);
		List<Path> files = list(a);
		assertEquals(6, files.size());
		assertEquals(3, files.stream().filter(f -> f.startsWith(a.resolve("Fracture"))).count());
		for (Path f : files) assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(b.resolve(a.relativize(f))), f.toString());
		Path c = dir.resolve("c");
		Hostile.cli("gan", "sample", "-g", generator.toString(), "-n", "3", "-o", c.toString(), "--seed", "2").expect(0);
		assertFalse(java.util.Arrays.equals(Files.readAllBytes(files.get(0)), Files.readAllBytes(c.resolve(a.relativize(files.get(0))))));
	}

	@Test
	void trainingTakesSyntheticImagesFromAGeneratorFile() throws Exception {
		Path model = dir.resolve("model.zip");
		Hostile.Run r = Hostile.cli("train", "-i", data.toString(), "-o", model.toString(), "-a", "baseline-cnn", "--weights", "random", "--epochs1", "1",
			"--epochs2", "0", "-b", "4", "--synthetic-per-class", "5", "--generator", generator.toString()).expect(0);
		assertTrue(r.err.contains("Adding 5 synthetic images per class from " + generator) || r.out.contains("Adding 5 synthetic images per class"), r.toString());
		ModelFile m = ModelFile.load(model);
		assertEquals(5, m.metadata.training.syntheticPerClass);
		assertEquals(generator.toString(), m.metadata.training.generatorFile);
	}

	@Test
	void damagedGeneratorFilesAreRefusedByName() throws Exception {
		Map<String, byte[]> truncated = new LinkedHashMap<>(entries);
		byte[] coef = entries.get("coefficients.bin");
		truncated.put("coefficients.bin", java.util.Arrays.copyOf(coef, coef.length - 40));
		Map<String, byte[]> resized = new LinkedHashMap<>(entries);
		resized.put("metadata.json", new String(entries.get("metadata.json"), java.nio.charset.StandardCharsets.UTF_8)
			.replace("\"imageSize\": 16", "\"imageSize\": 32").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		Map<String, byte[]> noConfig = new LinkedHashMap<>(entries);
		noConfig.remove("configuration.json");
		Path text = dir.resolve("notes.zip");
		Files.writeString(text, "not a zip");
		Map<Path, String> cases = new LinkedHashMap<>();
		cases.put(zip("truncated.zip", truncated), "truncated");
		cases.put(zip("resized.zip", resized), "not one 32x32 image");
		cases.put(zip("noconfig.zip", noConfig), "configuration.json is missing");
		cases.put(zip("model.zip", Map.of("metadata.json", "{\"format\": \"bone-fracture-detection-model\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
			"that is a detection model");
		cases.put(text, "is not a zip file");
		for (Map.Entry<Path, String> c : cases.entrySet()) {
			Path bad = c.getKey(), out = dir.resolve("out-" + bad.getFileName()), model = dir.resolve("m-" + bad.getFileName());
			Hostile.Run sample = Hostile.cli("gan", "sample", "-g", bad.toString(), "-n", "2", "-o", out.toString());
			// Training refuses it the same way, before any work.
			Hostile.Run train = Hostile.cli("train", "-i", data.toString(), "-o", model.toString(), "-a", "baseline-cnn", "--weights", "random",
				"--epochs1", "1", "--epochs2", "0", "--synthetic-per-class", "2", "--generator", bad.toString());
			for (Hostile.Run r : List.of(sample, train)) {
				assertEquals(1, r.exit, r.toString());
				assertTrue(r.err.contains("Generator file " + bad) && r.err.contains(c.getValue()), r.toString());
			}
			assertFalse(Files.exists(out.resolve("Fracture")), "nothing written for a refused generator");
			assertFalse(Files.exists(model), "no model trained with a refused generator");
		}
	}

	Path zip(String name, Map<String, byte[]> content) throws Exception {
		Path f = dir.resolve(name);
		try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
			for (Map.Entry<String, byte[]> e : content.entrySet()) {
				z.putNextEntry(new ZipEntry(e.getKey()));
				z.write(e.getValue());
				z.closeEntry();
			}
		}
		return f;
	}

	static List<Path> list(Path root) throws Exception {
		try (Stream<Path> s = Files.walk(root)) {
			return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
		}
	}
}
