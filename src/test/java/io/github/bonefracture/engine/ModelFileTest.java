package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.nets.NativeRuntime;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

class ModelFileTest {

	@TempDir
	Path dir;

	@BeforeAll
	static void runtime() {
		NativeRuntime.configure();
	}

	static ModelFile tinyModel(long seed) {
		TrainingConfig c = TinyNets.denseNet(1);
		c.seed = seed;
		ComputationGraph g = c.architecture.build(c);
		ModelMetadata m = ModelTraining.metadata(c, new ModelMetadata.DatasetSummary(), null);
		m.threshold = 0.4;
		return new ModelFile(g, m);
	}

	@Test
	void roundTripKeepsNetworkAndMetadata() throws Exception {
		ModelFile m = tinyModel(1);
		Path f = dir.resolve("m.zip");
		m.save(f);
		ModelFile back = ModelFile.load(f);
		Nd4j.getRandom().setSeed(11);
		INDArray x = Nd4j.rand(2, 3, 64, 64);
		assertEquals(m.network.outputSingle(false, x), back.network.outputSingle(false, x));
		assertEquals(Architecture.DENSENET121, back.metadata.architecture);
		assertEquals(m.metadata.preprocessing, back.metadata.preprocessing);
		assertEquals(0.4, back.metadata.threshold);
		assertEquals(List.of("Normal", "Fracture"), back.metadata.classes);
		assertEquals(1, back.metadata.formatVersion, "an uncalibrated model stays format 1, readable by earlier releases");
		assertNotNull(back.metadata.created);
		assertNotNull(back.metadata.software.get("java"));
		assertArrayEquals(new int[] {2, 2, 2, 2}, back.metadata.training.denseBlocks);
	}

	/** A validation figure that could not be computed leaves metadata.json valid JSON (RFC 8259 has no NaN). */
	@Test
	void anUncomputableValidationFigureKeepsTheMetadataValidJson() throws Exception {
		ModelFile m = tinyModel(1);
		m.metadata.validation = new java.util.LinkedHashMap<>(java.util.Map.of("thresholdSensitivity", Double.NaN, "auc", 0.75));
		Path f = dir.resolve("nan.zip");
		m.save(f);
		String json;
		try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(f.toFile())) {
			json = new String(z.getInputStream(z.getEntry("metadata.json")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
		assertFalse(tree.get("validation").has("thresholdSensitivity"), "the uncomputable figure is left out: " + tree.get("validation"));
		assertEquals(0.75, tree.get("validation").get("auc").asDouble());
		assertEquals(0.75, ModelFile.load(f).metadata.validation.get("auc"));
	}

	/** Only JSON and ND4J's binary array format: nothing a Java deserialiser would read. */
	@Test
	void containsNoJavaSerialisation() throws Exception {
		Path f = dir.resolve("m.zip");
		tinyModel(1).save(f);
		List<String> names = new ArrayList<>();
		try (ZipFile z = new ZipFile(f.toFile())) {
			z.stream().forEach(e -> {
				names.add(e.getName());
				try (var in = z.getInputStream(e)) {
					byte[] head = in.readNBytes(2);
					assertFalse(head.length == 2 && (head[0] & 0xff) == 0xAC && (head[1] & 0xff) == 0xED, e.getName() + " is Java-serialised");
				} catch (java.io.IOException ex) {
					throw new AssertionError(ex);
				}
			});
		}
		assertEquals(List.of("metadata.json", "configuration.json", "coefficients.bin"), names);
	}

	private Path zip(String name, String... entries) throws Exception {
		Path f = dir.resolve(name);
		try (OutputStream o = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(o)) {
			for (int i = 0; i < entries.length; i += 2) {
				z.putNextEntry(new ZipEntry(entries[i]));
				z.write(entries[i + 1].getBytes(StandardCharsets.UTF_8));
				z.closeEntry();
			}
		}
		return f;
	}

	private String refusal(Path f) {
		return assertThrows(InvalidInputException.class, () -> ModelFile.load(f)).getMessage();
	}

	@Test
	void refusesForeignDamagedAndNewerFiles() throws Exception {
		assertTrue(refusal(zip("foreign.zip", "model.bin", "x")).contains("not a Bone Fracture Detection model"));
		Path text = Files.writeString(dir.resolve("notes.zip"), "hello");
		assertTrue(refusal(text).contains("notes.zip"));
		assertTrue(refusal(dir.resolve("missing.zip")).contains("not found"));

		Path good = dir.resolve("good.zip");
		tinyModel(1).save(good);
		byte[] bytes = Files.readAllBytes(good);
		Path truncated = Files.write(dir.resolve("truncated.zip"), Arrays.copyOf(bytes, bytes.length / 2));
		String msg = refusal(truncated);
		assertTrue(msg.contains("truncated.zip") && (msg.contains("damaged") || msg.contains("missing")), msg);

		String meta;
		try (ZipFile z = new ZipFile(good.toFile())) {
			meta = new String(z.getInputStream(z.getEntry("metadata.json")).readAllBytes(), StandardCharsets.UTF_8);
		}
		String conf;
		try (ZipFile z = new ZipFile(good.toFile())) {
			conf = new String(z.getInputStream(z.getEntry("configuration.json")).readAllBytes(), StandardCharsets.UTF_8);
		}
		Path newer = zip("newer.zip", "metadata.json", meta.replace("\"formatVersion\": 1", "\"formatVersion\": 99"), "configuration.json", conf);
		assertTrue(refusal(newer).contains("newer than this plugin reads"));
		Path foreignFormat = zip("other.zip", "metadata.json", meta.replace(ModelFile.FORMAT, "something-else"));
		assertTrue(refusal(foreignFormat).contains("something-else"));
		Path noCoefficients = zip("nocoef.zip", "metadata.json", meta, "configuration.json", conf);
		assertTrue(refusal(noCoefficients).contains("coefficients.bin is missing"));
	}

	@Test
	void aFailedSaveLeavesTheOldFile() throws Exception {
		Path f = dir.resolve("m.zip");
		tinyModel(1).save(f);
		byte[] good = Files.readAllBytes(f);
		ModelFile broken = new ModelFile(tinyModel(2).network, null);
		assertThrows(RuntimeException.class, () -> broken.save(f));
		assertArrayEquals(good, Files.readAllBytes(f));
		try (var s = Files.list(dir)) {
			assertEquals(1, s.count(), "no temporary file left");
		}
	}
}
