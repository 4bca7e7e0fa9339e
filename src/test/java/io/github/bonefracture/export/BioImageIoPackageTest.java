package io.github.bonefracture.export;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.TinyNets;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.engine.ModelTraining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Packages as a BioImage.IO consumer takes them: rdf.yaml valid against the
 * spec's JSON schema (an offline excerpt, see the resource's README), every
 * file's checksum right, and the test tensors reproduced by running the
 * package's preprocessing and ONNX weights in ONNX Runtime.
 */
class BioImageIoPackageTest {

	@TempDir
	Path dir;

	private Path modelFile(TrainingConfig c) {
		Path file = dir.resolve("model.zip");
		new ModelTraining(c, Backends.dl4j(), Progress.NONE, null).run(TinyNets.phantoms(dir.resolve("data"), 8, 64, 1), file);
		return file;
	}

	private Path export(Path model, boolean heatmap) {
		ExportOptions o = new ExportOptions();
		o.heatmapOutputs = heatmap;
		o.authors = "A. Tester, B. Tester";
		Path zip = dir.resolve("package.zip");
		ModelExport.run(model, o, zip, Backends.dl4j(), Progress.NONE);
		return zip;
	}

	private static Map<String, byte[]> unzip(Path zip) throws Exception {
		Map<String, byte[]> files = new HashMap<>();
		try (ZipInputStream z = new ZipInputStream(Files.newInputStream(zip))) {
			for (ZipEntry e; (e = z.getNextEntry()) != null; ) files.put(e.getName(), z.readAllBytes());
		}
		return files;
	}

	/** Computed here with the JDK, not with the code under test. */
	private static String sha256(byte[] data) throws Exception {
		return String.format("%064x", new java.math.BigInteger(1, java.security.MessageDigest.getInstance("SHA-256").digest(data)));
	}

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private static Set<ValidationMessage> validate(JsonNode rdf) throws Exception {
		try (InputStream schema = BioImageIoPackageTest.class.getResourceAsStream("/bioimageio/model-0.5.7-excerpt.schema.json")) {
			JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
			return s.validate(rdf);
		}
	}

	/** A .npy file's float32 values (C order, little-endian) and shape. */
	static float[] npy(byte[] b, long[] shapeOut) {
		assertEquals((byte) 0x93, b[0]);
		assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
		int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
		String header = new String(b, 10, len, StandardCharsets.US_ASCII);
		assertTrue(header.contains("'descr': '<f4'") && header.contains("'fortran_order': False"), header);
		assertEquals(0, (10 + len) % 64, "data aligned to 64 bytes as NumPy writes it");
		Matcher m = Pattern.compile("'shape': \\(([0-9, ]*)\\)").matcher(header);
		assertTrue(m.find(), header);
		String[] dims = m.group(1).split(",\\s*");
		for (int i = 0; i < dims.length; i++) shapeOut[i] = Long.parseLong(dims[i].trim());
		ByteBuffer data = ByteBuffer.wrap(b, 10 + len, b.length - 10 - len).order(ByteOrder.LITTLE_ENDIAN);
		float[] f = new float[data.remaining() / 4];
		data.asFloatBuffer().get(f);
		return f;
	}

	/** Runs the package as bioimageio.core would: test input, no preprocessing, the ONNX weights; returns the largest difference per output. */
	private Map<String, Double> reproduce(Map<String, byte[]> files, JsonNode rdf) throws Exception {
		long[] shape = new long[4];
		float[] x = npy(files.get(rdf.at("/inputs/0/test_tensor/source").asText()), shape);
		// JDLL 0.6.1 (FixedZeroMeanUnitVarianceTransformation.fixedAxesMeanStd) indexes a channel-axis mean by dimension position and
		// fails; the package declares no preprocessing and takes one grey channel, which JDLL passes on as it is.
		assertTrue(rdf.at("/inputs/0/preprocessing").isMissingNode(), "no preprocessing for the consumer");
		assertEquals(1, shape[0], "one image");
		assertEquals(1, shape[1], "one grey channel");
		assertEquals("grey", rdf.at("/inputs/0/axes/1/channel_names/0").asText());
		// The test image at its own size, raw 8-bit values: the graph does the rest.
		assertTrue(shape[2] > rdf.at("/inputs/0/axes/2/size/min").asLong() && shape[3] > rdf.at("/inputs/0/axes/3/size/min").asLong(), java.util.Arrays.toString(shape));
		float max = 0;
		for (float v : x) max = Math.max(max, v);
		assertTrue(max > 1 && max <= 255, "raw 8-bit values, not [0, 1]: " + max);
		Path onnx = dir.resolve("weights.onnx");
		Files.write(onnx, files.get(rdf.at("/weights/onnx/source").asText()));
		Map<String, Double> diff = new HashMap<>();
		try (OnnxRuntime ort = new OnnxRuntime(onnx)) {
			assertEquals(rdf.get("outputs").size(), ort.session.getOutputNames().size(), "the package describes every output of the graph");
			Map<String, float[]> out = ort.run(x, shape);
			for (JsonNode o : rdf.get("outputs")) {
				float[] expected = npy(files.get(o.at("/test_tensor/source").asText()), new long[4]);
				float[] got = out.get(o.get("id").asText());
				assertEquals(expected.length, got.length, o.get("id").asText());
				double d = 0;
				for (int i = 0; i < got.length; i++) d = Math.max(d, Math.abs(expected[i] - got[i]));
				diff.put(o.get("id").asText(), d);
			}
		}
		return diff;
	}

	@Test
	void denseNetPackageIsValidAndItsTestTensorsReproduce() throws Exception {
		TrainingConfig c = TinyNets.denseNet(2);
		Path model = modelFile(c);
		// Whether Platt's fit on a tiny network's held-out scores keeps a positive slope depends on the draw: the export is tested with one that did.
		ModelFile m = ModelFile.load(model);
		m.metadata.calibration = new io.github.bonefracture.engine.Calibration(io.github.bonefracture.engine.Calibration.Method.PLATT, 1.3, -0.2);
		m.save(model);
		Map<String, byte[]> files = unzip(export(model, true));
		JsonNode rdf = YAML.readTree(files.get(BioImageIoPackage.RDF));
		assertEquals(Set.of(), validate(rdf));
		for (String pointer : new String[] {"/weights/onnx", "/inputs/0/test_tensor", "/outputs/0/test_tensor", "/outputs/1/test_tensor", "/attachments/0"}) {
			JsonNode f = rdf.at(pointer);
			assertEquals(sha256(files.get(f.get("source").asText())), f.get("sha256").asText(), pointer);
		}
		assertTrue(files.containsKey(rdf.at("/covers/0").asText()) && files.containsKey(rdf.get("documentation").asText()));
		assertEquals("A. Tester", rdf.at("/authors/0/name").asText());
		// An id for JDLL, bioimage.io's own tag words, a truthful name, no invented links.
		assertTrue(rdf.get("id").asText().startsWith("bone-fracture-"), rdf.toString());
		for (String tag : new String[] {"2d", "image-classification", "densenet"}) assertTrue(rdf.get("tags").toString().contains("\"" + tag + "\""), tag);
		assertEquals("Bone fracture classifier (DenseNet, blocks 2,2,2,2, growth rate 8)", rdf.get("name").asText());
		assertNull(rdf.get("git_repo"));
		java.awt.image.BufferedImage cover = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(files.get(rdf.at("/covers/0").asText())));
		assertEquals(2 * cover.getHeight(), cover.getWidth(), "the spec's 2:1 cover");
		assertFalse(new String(files.get(BioImageIoPackage.RDF), java.nio.charset.StandardCharsets.UTF_8).contains("github.com/bonefracture"));
		// Without authors the package is refused, rather than credited to the computer's account.
		ExportOptions none = new ExportOptions();
		none.authors = " ";
		var e = assertThrows(io.github.bonefracture.core.InvalidOptionException.class,
			() -> ModelExport.run(model, none, dir.resolve("no-authors.zip"), Backends.dl4j(), Progress.NONE));
		assertTrue(e.getMessage().contains("authors"), e.getMessage());
		assertEquals("PLATT", rdf.at("/config/bone_fracture_detection/calibration/method").asText(), "what the spec lacks travels in config");
		assertTrue(new String(files.get(BioImageIoPackage.DOCUMENTATION), StandardCharsets.UTF_8).contains("calibrated inside the graph (Platt"));
		// No local path of the training machine anywhere in the package's texts (rdf.yaml, README, the graph's metadata).
		String here = dir.toString();
		for (String name : new String[] {BioImageIoPackage.RDF, BioImageIoPackage.DOCUMENTATION, BioImageIoPackage.WEIGHTS})
			assertFalse(new String(files.get(name), java.nio.charset.StandardCharsets.ISO_8859_1).contains(here), name + " names " + here);
		assertEquals("data", rdf.at("/config/bone_fracture_detection/dataset/root").asText(), "the dataset by name (and file-list hash) only");
		// The model file inside opens in the plugin, and names no local path either.
		Path inside = dir.resolve("inside.zip");
		Files.write(inside, files.get(BioImageIoPackage.MODEL_FILE));
		assertEquals("data", ModelFile.load(inside).metadata.dataset.root);
		try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(inside.toFile())) {
			assertFalse(new String(z.getInputStream(z.getEntry("metadata.json")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).contains(here));
		}
		assertTrue(ModelFile.load(model).metadata.dataset.root.startsWith(here), "the user's own model file is unchanged");
		assertFalse(rdf.at("/config/bone_fracture_detection/dataset/fileListSha256").asText().isEmpty());
		Map<String, Double> diff = reproduce(files, rdf);
		assertTrue(diff.get(OnnxExport.OUTPUT) < 1e-4, "P reproduced within " + diff);
		assertTrue(diff.get(OnnxExport.CAM) < 1e-3, "CAM reproduced within " + diff);
		// The model describes its training data: the package computes the distance too, and its description names the cut-off.
		assertEquals(OnnxExport.DISTANCE, rdf.at("/outputs/2/id").asText());
		assertTrue(rdf.at("/outputs/2/description").asText().contains(String.format(java.util.Locale.ROOT, "%.4f", m.metadata.inDistribution.cutoff)));
		assertTrue(diff.get(OnnxExport.DISTANCE) < 1e-3 * Math.max(1, m.metadata.inDistribution.cutoff), "distance reproduced within " + diff);
	}

	@Test
	void baselinePackageIsValidAndItsTestTensorsReproduce() throws Exception {
		Path model = modelFile(TinyNets.baseline(1));
		// A model without calibration: every text of the package says so (the README once called any P "calibrated").
		ModelFile m = ModelFile.load(model);
		m.metadata.calibration = new io.github.bonefracture.engine.Calibration(io.github.bonefracture.engine.Calibration.Method.NONE, 1, 0);
		m.save(model);
		Map<String, byte[]> files = unzip(export(model, false));
		String readme = new String(files.get(BioImageIoPackage.DOCUMENTATION), StandardCharsets.UTF_8);
		assertTrue(readme.contains("not calibrated") && !readme.contains("calibrated inside"), readme);
		JsonNode rdf = YAML.readTree(files.get(BioImageIoPackage.RDF));
		assertEquals(Set.of(), validate(rdf));
		assertEquals(1, rdf.get("outputs").size());
		assertEquals("grey", rdf.at("/inputs/0/axes/1/channel_names/0").asText());
		assertTrue(reproduce(files, rdf).get(OnnxExport.OUTPUT) < 1e-4);
	}

	/** The schema check can fail: a package without inputs, or with a key the spec lacks, is refused. */
	@Test
	void theSchemaRefusesWhatTheSpecRefuses() throws Exception {
		Map<String, byte[]> files = unzip(export(modelFile(TinyNets.baseline(1)), false));
		ObjectNode rdf = (ObjectNode) YAML.readTree(files.get(BioImageIoPackage.RDF));
		ObjectNode noInputs = rdf.deepCopy();
		noInputs.remove("inputs");
		assertFalse(validate(noInputs).isEmpty());
		ObjectNode extra = rdf.deepCopy();
		extra.put("threshold", 0.5);
		assertFalse(validate(extra).isEmpty(), "unknown top-level keys belong in config");
		ObjectNode badVersion = rdf.deepCopy();
		badVersion.put("format_version", "0.4.10");
		assertFalse(validate(badVersion).isEmpty());
	}
}
