package io.github.bonefracture.hostile;

import io.github.bonefracture.backend.onednn.OneDnnDenseNet;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.engine.PrecisionCheck;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and hostile model zips: each refused by detect with exit 1 and a message naming the file and the problem. */
class HostileModelFilesTest {

	@TempDir
	static Path shared;
	static Path good;
	static Path model;
	static Map<String, byte[]> entries;

	@TempDir
	Path dir;

	@BeforeAll
	static void tinyModel() throws Exception {
		good = shared.resolve("good");
		model = Hostile.tinyModel(good, shared.resolve("model.zip"));
		entries = new LinkedHashMap<>();
		try (ZipFile z = new ZipFile(model.toFile())) {
			for (ZipEntry e : java.util.Collections.list(z.entries()))
				try (InputStream in = z.getInputStream(e)) {
					entries.put(e.getName(), in.readAllBytes());
				}
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

	Map<String, byte[]> with(String entry, byte[] data) {
		Map<String, byte[]> m = new LinkedHashMap<>(entries);
		m.put(entry, data);
		return m;
	}

	static byte[] nd4j(INDArray a) throws Exception {
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		try (DataOutputStream d = new DataOutputStream(b)) {
			Nd4j.write(a, d);
		}
		return b.toByteArray();
	}

	static INDArray params() {
		return ModelFile.load(model).network.params().dup();
	}

	/**
	 * The cases (bad file, the problem its refusal must say) that detect did
	 * not refuse properly, each with what went wrong: refusing is exit 1, the
	 * file named, the problem said, no answer printed, no stack trace.
	 */
	static List<String> notRefused(Map<Path, String> cases) {
		List<String> wrong = new ArrayList<>();
		for (Map.Entry<Path, String> c : cases.entrySet()) {
			Path bad = c.getKey();
			Hostile.Run r = Hostile.cli("detect", "-i", good.toString(), "-m", bad.toString());
			if (r.exit != 1) wrong.add(bad + ": exit " + r.exit + " " + r);
			else if (!r.err.contains(bad.toString()) || !r.err.contains(c.getValue())) wrong.add(bad + ": not named with '" + c.getValue() + "' " + r);
			else if (r.out.contains("Fracture\t") || r.out.contains("Normal\t")) wrong.add(bad + ": answered " + r);
			else if (r.err.contains("\tat ")) wrong.add(bad + ": stack trace " + r);
		}
		return wrong;
	}

	@Test
	void theGoodModelDetects() {
		Hostile.Run r = Hostile.cli("detect", "-i", good.toString(), "-m", model.toString()).expect(0);
		assertEquals(4, r.out.lines().filter(l -> l.contains("\tFracture\t") || l.contains("\tNormal\t")).count(), r.toString());
	}

	@Test
	void nonFiniteOrMiscountedCoefficientsAreRefused() throws Exception {
		Map<Path, String> cases = new LinkedHashMap<>();
		INDArray nan = params();
		nan.putScalar(0, 7, Double.NaN);
		cases.put(zip("nan.zip", with("coefficients.bin", nd4j(nan))), "NaN or infinite");
		INDArray allNan = params().assign(Double.NaN);
		cases.put(zip("allnan.zip", with("coefficients.bin", nd4j(allNan))), "are NaN or infinite");
		INDArray inf = params();
		inf.putScalar(0, 3, Double.POSITIVE_INFINITY);
		cases.put(zip("inf.zip", with("coefficients.bin", nd4j(inf))), "NaN or infinite");
		INDArray p = params();
		INDArray shorter = Nd4j.create(java.util.Arrays.copyOf(p.toFloatVector(), (int) p.length() - 10), new long[] {1, p.length() - 10}, 'c');
		cases.put(zip("short.zip", with("coefficients.bin", nd4j(shorter))), "holds " + (p.length() - 10) + " parameters, but the network's configuration has " + p.length());
		byte[] good = entries.get("coefficients.bin");
		cases.put(zip("truncated.zip", with("coefficients.bin", java.util.Arrays.copyOf(good, good.length - 100))), "truncated");
		assertEquals(List.of(), notRefused(cases));
	}

	@Test
	void sizeBombsAreRefusedBeforeTheirMemoryIsSpent() throws Exception {
		Map<Path, String> cases = new LinkedHashMap<>();
		// A header that claims 900 million floats, followed by almost nothing.
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		DataOutputStream d = new DataOutputStream(b);
		d.writeUTF("MIXED_DATA_TYPES");
		d.writeLong(8);
		d.writeUTF("LONG");
		for (long v : new long[] {2, 1, 900_000_000L, 900_000_000L, 1, 8192, 1, 99}) d.writeLong(v);
		d.writeUTF("MIXED_DATA_TYPES");
		d.writeLong(900_000_000L);
		d.writeUTF("FLOAT");
		d.writeFloat(1);
		d.flush();
		cases.put(zip("claims.zip", with("coefficients.bin", b.toByteArray())), "holds 900000000 parameters");
		// A zip bomb: 300 MB of zeros deflate to a few hundred KB; reading stops at what the configuration allows.
		Path bomb = dir.resolve("bomb.zip");
		try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bomb))) {
			for (String n : new String[] {"metadata.json", "configuration.json"}) {
				z.putNextEntry(new ZipEntry(n));
				z.write(entries.get(n));
				z.closeEntry();
			}
			z.putNextEntry(new ZipEntry("coefficients.bin"));
			byte[] zeros = new byte[1 << 20];
			for (int i = 0; i < 300; i++) z.write(zeros);
			z.closeEntry();
		}
		assertTrue(Files.size(bomb) < 3_000_000);
		cases.put(bomb, "coefficients.bin");
		cases.put(zip("bigmeta.zip", with("metadata.json", new byte[2 << 20])), "metadata.json");
		assertEquals(List.of(), notRefused(cases));
	}

	static byte[] metadata(java.util.function.Consumer<JsonObject> edit) {
		JsonObject o = JsonParser.parseString(new String(entries.get("metadata.json"), StandardCharsets.UTF_8)).getAsJsonObject();
		edit.accept(o);
		return o.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** Train Model stores an int8 calibration covering the network; detect --int8 answers close to float. */
	@Test
	void theGoodModelDetectsInInt8() {
		ModelFile m = ModelFile.load(model);
		assertNotNull(m.metadata.activationRanges, "Train Model stores the int8 calibration");
		assertEquals(4, m.metadata.activationRanges.images, "measured on the training images: all 4, the threshold learned by inner folds");
		assertTrue(OneDnnDenseNet.int8Problem(m.network, m.metadata.activationRanges).isEmpty());
		Hostile.Run f = Hostile.cli("detect", "-i", good.toString(), "-m", model.toString()).expect(0);
		Hostile.Run q = Hostile.cli("detect", "-i", good.toString(), "-m", model.toString(), "--precision", "int8").expect(0);
		assertEquals(OneDnnDenseNet.int8Native(), !q.err.contains("computing in float"), q.toString());
		// Train Model measured each reduced precision that runs here against float on the same images; auto reads those checks.
		if (OneDnnDenseNet.int8Native()) {
			PrecisionCheck c = m.metadata.precisionChecks.get("int8");
			assertEquals(4, c.images, "the int8 calibration's images");
			assertTrue(c.largestChange > 0 && c.largestChange < 0.05, c.toString());
		}
		assertEquals(OneDnnDenseNet.bf16Native(), m.metadata.precisionChecks.containsKey("bfloat16"), m.metadata.precisionChecks.keySet().toString());
		Hostile.Run a = Hostile.cli("detect", "-i", good.toString(), "-m", model.toString(), "--precision", "auto").expect(0);
		java.util.regex.Matcher said = java.util.regex.Pattern.compile("Arithmetic: (\\S+), chosen by auto").matcher(a.err + a.out);
		assertTrue(said.find(), a.toString());
		PrecisionCheck taken = m.metadata.precisionChecks.get(said.group(1).replace(",", ""));
		assertTrue(taken == null ? said.group(1).startsWith("float") : taken.passed(), "auto takes only a precision whose check passed: " + a);
		Map<String, Double> pf = probabilities(f.out), pq = probabilities(q.out);
		assertEquals(4, pq.size(), q.toString());
		assertEquals(pf.keySet(), pq.keySet());
		for (String file : pf.keySet()) assertEquals(pf.get(file), pq.get(file), 0.05, file);
	}

	private static Map<String, Double> probabilities(String out) {
		Map<String, Double> p = new java.util.TreeMap<>();
		for (String line : out.split("\n")) {
			String[] f = line.split("\t");
			// file, label, P, then the answer (label, Uncertain or Outside training data).
			if (f.length >= 3 && !f[1].equals("ERROR")) p.put(f[0], Double.parseDouble(f[2]));
		}
		return p;
	}

	/** A calibration that names a foreign layer, holds a negative range or nothing at all is refused by name. */
	@Test
	void damagedInt8CalibrationIsRefused() throws Exception {
		Map<Path, String> cases = new LinkedHashMap<>();
		cases.put(zip("foreign-layer.zip", with("metadata.json", metadata(o ->
			o.getAsJsonObject("activationRanges").getAsJsonObject("ranges").addProperty("no_such_layer", 1.0)))),
			"int8 calibration: it names layer 'no_such_layer'");
		cases.put(zip("negative.zip", with("metadata.json", metadata(o ->
			o.getAsJsonObject("activationRanges").getAsJsonObject("ranges").addProperty("conv2_block1_0_bn", -2.0)))),
			"layer 'conv2_block1_0_bn' has range -2.0");
		cases.put(zip("empty.zip", with("metadata.json", metadata(o ->
			o.getAsJsonObject("activationRanges").add("ranges", new JsonObject())))), "damaged int8 calibration");
		assertEquals(List.of(), notRefused(cases));
	}

	/** An accuracy check auto would trust is refused when it names an unknown precision or holds figures that cannot be true. */
	@Test
	void damagedPrecisionChecksAreRefused() throws Exception {
		Map<Path, String> cases = new LinkedHashMap<>();
		java.util.function.BiFunction<String, String, java.util.function.Consumer<JsonObject>> check = (precision, json) -> o -> {
			JsonObject checks = new JsonObject();
			checks.add(precision, JsonParser.parseString(json));
			o.add("precisionChecks", checks);
		};
		cases.put(zip("foreign-precision.zip", with("metadata.json", metadata(check.apply("fp4", "{\"images\": 4, \"largestChange\": 0.001, \"labelFlips\": 0}")))),
			"accuracy check: it names precision 'fp4'");
		cases.put(zip("negative-change.zip", with("metadata.json", metadata(check.apply("int8", "{\"images\": 4, \"largestChange\": -1, \"labelFlips\": 0}")))),
			"accuracy check for int8: a change of P outside 0 to 1");
		cases.put(zip("more-flips.zip", with("metadata.json", metadata(check.apply("bfloat16", "{\"images\": 4, \"largestChange\": 0.001, \"labelFlips\": 5}")))),
			"accuracy check for bfloat16: a label-flip count outside 0 to its images");
		assertEquals(List.of(), notRefused(cases));
	}

	/** The training images' hashes (what Evaluate Model checks a test set against): a lying count or a damaged entry is refused. */
	@Test
	void damagedTrainingImageHashesAreRefused() throws Exception {
		assertTrue(entries.containsKey(io.github.bonefracture.engine.TrainingImages.ENTRY), "Train Model records its images by content");
		Map<Path, String> cases = new LinkedHashMap<>();
		cases.put(zip("hash-count.zip", with("metadata.json", metadata(o -> o.addProperty("trainingImageHashes", 5)))),
			"holds 4 hashes, metadata.json says 5");
		cases.put(zip("hash-garbage.zip", with(io.github.bonefracture.engine.TrainingImages.ENTRY, "not a hash\n".getBytes(StandardCharsets.US_ASCII))),
			"holds a line that is not a SHA-256");
		cases.put(zip("hash-bomb.zip", with("metadata.json", metadata(o -> o.addProperty("trainingImageHashes", 2_000_000_000)))),
			"claims 2000000000 training image hashes");
		assertEquals(List.of(), notRefused(cases));
	}

	@Test
	void metadataThatLiesIsRefused() throws Exception {
		Map<Path, String> cases = new LinkedHashMap<>();
		cases.put(zip("huge-input.zip", with("metadata.json", metadata(o -> {
			o.getAsJsonObject("preprocessing").addProperty("width", 30000);
			o.getAsJsonObject("preprocessing").addProperty("height", 30000);
		}))), "30000x30000");
		cases.put(zip("feature.zip", with("metadata.json", metadata(o -> o.addProperty("featureLayer", "no_such_layer")))),
			"feature layer 'no_such_layer', which the network lacks");
		cases.put(zip("output.zip", with("metadata.json", metadata(o -> o.addProperty("outputLayer", "no_such_output")))),
			"output layer 'no_such_output'");
		cases.put(zip("noformat.zip", with("metadata.json", metadata(o -> o.remove("format")))), "has no 'format'");
		cases.put(zip("channels.zip", with("metadata.json", metadata(o -> {
			o.getAsJsonObject("preprocessing").addProperty("channels", 1);
			o.getAsJsonObject("preprocessing").add("mean", JsonParser.parseString("[0.5]"));
			o.getAsJsonObject("preprocessing").add("std", JsonParser.parseString("[0.2]"));
		}))), "was built for another size");
		Path folder = Files.createDirectories(dir.resolve("folder.zip"));
		cases.put(folder, "is a folder");
		assertEquals(List.of(), notRefused(cases));
	}

	/** Metadata whose numbers would answer every image alike (issue: hospital files, requirement 4): refused, the field named. */
	@Test
	void implausibleNumbersInTheMetadataAreRefusedByField() throws Exception {
		Map<Path, String> cases = new LinkedHashMap<>();
		cases.put(zip("mean-nan.zip", with("metadata.json", metadata(o ->
			o.getAsJsonObject("preprocessing").add("mean", JsonParser.parseString("[NaN, 0.456, 0.406]"))))), "mean NaN is outside");
		cases.put(zip("mean-inf.zip", with("metadata.json", metadata(o ->
			o.getAsJsonObject("preprocessing").add("mean", JsonParser.parseString("[Infinity, 0.456, 0.406]"))))), "mean Infinity is outside");
		cases.put(zip("std-huge.zip", with("metadata.json", metadata(o ->
			o.getAsJsonObject("preprocessing").add("std", JsonParser.parseString("[1e30, 0.224, 0.225]"))))), "std 1.0E30 is outside");
		cases.put(zip("platt-huge.zip", with("metadata.json", metadata(o ->
			o.add("calibration", JsonParser.parseString("{\"method\": \"PLATT\", \"a\": 1e308, \"b\": 1e308}"))))), "invalid calibration");
		cases.put(zip("no-threshold.zip", with("metadata.json", metadata(o -> o.remove("threshold")))), "has no decision threshold");
		cases.put(zip("null-threshold.zip", with("metadata.json", metadata(o -> o.add("threshold", com.google.gson.JsonNull.INSTANCE)))),
			"has no decision threshold");
		cases.put(zip("string-threshold.zip", with("metadata.json", metadata(o -> o.addProperty("threshold", "0.3")))), "has no decision threshold");
		cases.put(zip("range-zero.zip", with("metadata.json", metadata(o ->
			o.getAsJsonObject("activationRanges").getAsJsonObject("ranges").addProperty("conv2_block1_0_bn", 0.0)))), "has range 0.0");
		cases.put(zip("range-huge.zip", with("metadata.json", metadata(o ->
			o.getAsJsonObject("activationRanges").getAsJsonObject("ranges").addProperty("conv2_block1_0_bn", 1e30)))), "has range 1.0E30");
		assertEquals(List.of(), notRefused(cases));
	}

	@Test
	void duplicateEntriesAreRefused() throws Exception {
		Map<Path, String> cases = new LinkedHashMap<>();
		// ZipOutputStream will not write two entries of one name: write a near name, then patch it (the CRC covers data only).
		Map<String, byte[]> m = new LinkedHashMap<>(entries);
		m.put("metadata.jsoX", metadata(o -> o.addProperty("threshold", 0.01)));
		byte[] bytes = Files.readAllBytes(zip("dup.zip", m));
		byte[] from = "metadata.jsoX".getBytes(StandardCharsets.US_ASCII), to = "metadata.json".getBytes(StandardCharsets.US_ASCII);
		int patched = 0;
		for (int i = 0; i + from.length <= bytes.length; i++) {
			if (java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
				System.arraycopy(to, 0, bytes, i, to.length);
				patched++;
			}
		}
		assertEquals(2, patched, "local header and central directory");
		Path dup = Files.write(dir.resolve("dup.zip"), bytes);
		cases.put(dup, "two entries named metadata.json");
		assertEquals(List.of(), notRefused(cases));
	}
}
