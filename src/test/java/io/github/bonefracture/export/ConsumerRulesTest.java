package io.github.bonefracture.export;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * A package read by the rules its consumers' sources state, restated here
 * (neither JDLL nor qupath-bioimageio-spec is on Maven Central): JDLL 0.6.1,
 * the library deepImageJ 3 runs BioImage.IO models with, and QuPath's reader.
 * Each test names the file and rule it follows.
 */
class ConsumerRulesTest {

	@TempDir
	static Path dir;

	static Map<String, Object> rdf;

	@BeforeAll
	static void export() throws Exception {
		Path zip = TinyPackage.write(dir);
		try (ZipFile z = new ZipFile(zip.toFile())) {
			// JDLL reads rdf.yaml with SnakeYAML into maps and lists, as here.
			rdf = new Yaml().load(z.getInputStream(z.getEntry(BioImageIoPackage.RDF)));
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object o) {
		return (Map<String, Object>) o;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> maps(Object o) {
		return (List<Map<String, Object>>) o;
	}

	/** One axis as JDLL's AxisV05 and AxisSize (0.6.1) read it. */
	static final class JdllAxis {
		final String abbreviation, referenceTensor;
		final int min, step, halo;

		JdllAxis(String abbreviation, int min, int step, int halo, String referenceTensor) {
			this.abbreviation = abbreviation;
			this.min = min;
			this.step = step;
			this.halo = halo;
			this.referenceTensor = referenceTensor;
		}

		String abbreviation() { return abbreviation; }
		int min() { return min; }
		int step() { return step; }
		int halo() { return halo; }
		String referenceTensor() { return referenceTensor; }

		static JdllAxis of(Map<String, Object> a) {
			String type = (String) a.get("type"), id = (String) a.get("id");
			// AxisV05: a space axis needs an id ("Invalid axis configuration" otherwise).
			if ("space".equals(type)) assertNotNull(id, "AxisV05: a space axis needs an id: " + a);
			int min = 1, step = 0;
			String ref = null;
			Object size = a.get("size");
			// AxisSize: a number is a fixed size; a map gives min, step and a reference; nothing leaves min 1, step 0.
			if (size instanceof Number) min = ((Number) size).intValue();
			if (size instanceof Map) {
				Map<String, Object> s = map(size);
				if (s.get("min") instanceof Number) min = ((Number) s.get("min")).intValue();
				if (s.get("step") instanceof Number) step = ((Number) s.get("step")).intValue();
				ref = (String) s.get("tensor_id");
			}
			// AxisV05: a channel axis's min is the number of its channel names.
			if ("channel".equals(type)) min = ((List<?>) a.get("channel_names")).size();
			String abbreviation = "batch".equals(type) ? "b" : "channel".equals(type) ? "c" : id;
			int halo = a.get("halo") instanceof Number ? ((Number) a.get("halo")).intValue() : 0;
			return new JdllAxis(abbreviation, min, step, halo, ref);
		}
	}

	static List<JdllAxis> axes(Map<String, Object> tensor) {
		List<JdllAxis> l = new ArrayList<>();
		for (Map<String, Object> a : maps(tensor.get("axes"))) l.add(JdllAxis.of(a));
		return l;
	}

	/** ModelDescriptor.isTilingAllowed (0.6.1): true without config.deepimagej, else its allow_tiling (absent: false). */
	static boolean tilingAllowed() {
		Map<String, Object> config = map(rdf.get("config"));
		if (config == null || config.get("deepimagej") == null) return true;
		return Boolean.TRUE.equals(map(config.get("deepimagej")).get("allow_tiling"));
	}

	/**
	 * bioimageio/tiling/TileCalculator.getOptimalTileSize(TensorSpec, String, long[]) of 0.6.1, then
	 * checkOutputSize: a tile of at most 4096 x 4096 x 3 pixels is kept as it is. dims in the tensor's axis order.
	 */
	static long[] jdllTile(Map<String, Object> input, long[] dims) {
		List<JdllAxis> axes = axes(input);
		long[] patch = new long[axes.size()];
		boolean tiling = tilingAllowed();
		long pixels = 1;
		for (int i = 0; i < patch.length; i++) {
			JdllAxis a = axes.get(i);
			long size = dims[i];
			if (a.step() != 0 && tiling) {
				patch[i] = (long) Math.ceil((size + 2 * a.halo()) / a.step()) * a.step();
				if (patch[i] > 3 * size && patch[i] - a.step() >= a.min()) patch[i] -= a.step();
			} else if (a.step() != 0) {
				patch[i] = size; // -1 in JDLL: the whole image after preprocessing
			} else if (a.min() == -1) {
				patch[i] = size;
			} else {
				patch[i] = a.min();
			}
			pixels *= patch[i];
		}
		assertTrue(pixels <= 4096L * 4096 * 3, "TileCalculator.checkOutputSize would cut a tile of " + pixels + " pixels");
		return patch;
	}

	/**
	 * bioimageio/tiling/TileMaker.getOutputTiles (0.6.1): each output axis's tile, which JDLL refuses as "Model
	 * specs too complex" when a fixed axis does not scale by a whole factor from the input's tile to its image.
	 */
	static void jdllOutputTiles(Map<String, Object> input, long[] imageDims, long[] tile) {
		List<JdllAxis> in = axes(input);
		for (Map<String, Object> out : maps(rdf.get("outputs"))) {
			for (JdllAxis ax : axes(out)) {
				String where = out.get("id") + "/" + ax.abbreviation();
				if (!tilingAllowed()) {
					assertEquals(0, ax.step(), where + ": a varying output axis without tiling is too complex for JDLL");
					continue;
				}
				if (ax.step() == 0 && ax.min() != 0 && ax.referenceTensor() == null) {
					int k = indexOf(in, ax.abbreviation());
					if (k < 0) continue; // an axis the input lacks keeps its size
					double factor = (double) imageDims[k] / tile[k];
					assertEquals(Math.floor(ax.min() * factor), ax.min() * factor, where + ": JDLL would stitch tiles it cannot (factor " + factor + ")");
					assertEquals(1.0, factor, where + ": the output describes the whole image, so the tile must be the image");
				} else {
					assertNotNull(ax.referenceTensor(), where + ": a free output axis without a reference is too complex for JDLL");
				}
			}
		}
	}

	static int indexOf(List<JdllAxis> axes, String abbreviation) {
		for (int i = 0; i < axes.size(); i++) if (axes.get(i).abbreviation().equals(abbreviation)) return i;
		return -1;
	}

	@Test
	void jdllFindsTheModelsId() {
		// ModelDescriptorV05.findID: config.bioimageio.nickname, else id; a null id is a NullPointerException at modelID.length().
		Map<String, Object> bioimageio = map(map(rdf.get("config")).get("bioimageio"));
		Object id = bioimageio != null && bioimageio.get("nickname") != null ? bioimageio.get("nickname") : rdf.get("id");
		assertNotNull(id);
		assertFalse(id.toString().isEmpty());
	}

	@Test
	void jdllRunsNoPreprocessingOfItsOwn() {
		// transformations/FixedZeroMeanUnitVarianceTransformation.fixedAxesMeanStd indexes a per-channel mean by the axis's
		// position among the dimensions (ArrayIndexOutOfBounds on a channel axis); scale_linear applies channel 0's gain to all.
		for (Map<String, Object> in : maps(rdf.get("inputs"))) assertNull(in.get("preprocessing"), in.get("id") + " declares preprocessing");
		for (Map<String, Object> out : maps(rdf.get("outputs"))) assertNull(out.get("postprocessing"), out.get("id") + " declares postprocessing");
	}

	@Test
	void jdllPassesAWholeImageOfAnySizeFromTheModelsToTheGraph() {
		Map<String, Object> input = maps(rdf.get("inputs")).get(0);
		List<JdllAxis> axes = axes(input);
		assertEquals(List.of("b", "c", "y", "x"), axes.stream().map(JdllAxis::abbreviation).collect(java.util.stream.Collectors.toList()));
		int minY = axes.get(2).min(), minX = axes.get(3).min();
		// A grey image: at the model's size, the sample images' size, a radiograph (3000 x 2500) and JDLL's own largest whole tile.
		long[][] images = {{1, 1, minY, minX}, {1, 1, 284, 318}, {1, 1, 3000, 2500}, {1, 1, 4096, 4096 * 3}};
		for (long[] image : images) {
			long[] tile = jdllTile(input, image);
			assertArrayEquals(image, tile, "JDLL cuts a " + image[3] + " x " + image[2] + " image into tiles of " + tile[3] + " x " + tile[2]);
			jdllOutputTiles(input, image, tile);
		}
	}

	@Test
	void qupathReadsThePackage() {
		// qupath-bioimageio-spec, Resource.deserializeResourceFields and Model.deserializeModelFields (strict): these fields must be present.
		for (String field : new String[] {"format_version", "authors", "description", "documentation", "license", "name", "inputs", "weights"})
			assertNotNull(rdf.get(field), field);
		for (Map<String, Object> author : maps(rdf.get("authors"))) assertTrue(author.get("name") instanceof String, "Author.name: " + author);
		// Weights.WeightsMap: the key of the ONNX entry is "onnx".
		assertTrue(map(rdf.get("weights")).containsKey("onnx"));
		List<Map<String, Object>> tensors = new ArrayList<>(maps(rdf.get("inputs")));
		tensors.addAll(maps(rdf.get("outputs")));
		for (Map<String, Object> t : tensors) {
			for (Map<String, Object> a : maps(t.get("axes"))) {
				// tensor/axes/Axes.deserialize: every axis names its type; a channel axis its channel_names.
				assertTrue(List.of("batch", "channel", "space").contains(a.get("type")), t.get("id") + ": " + a);
				if ("channel".equals(a.get("type"))) assertTrue(a.get("channel_names") instanceof List, t.get("id") + ": " + a);
				// tensor/sizes/Size.deserializeSize: a size map with both min and step is a ParameterizedSize (one without step
				// would be read as data-dependent); a batch size is an integer.
				Object size = a.get("size");
				if ("batch".equals(a.get("type"))) assertTrue(size == null || size instanceof Integer, t.get("id") + ": " + a);
				else if (size instanceof Map) assertTrue(map(size).containsKey("min") && map(size).containsKey("step"), t.get("id") + ": " + a);
				else if ("space".equals(a.get("type"))) assertTrue(size instanceof Integer, t.get("id") + ": " + a);
			}
		}
		// ParameterizedSize.getTargetSize: min + round((target - min) / step) * step; with step 1, any image size itself.
		Map<String, Object> y = maps(maps(rdf.get("inputs")).get(0).get("axes")).get(2);
		int min = (Integer) map(y.get("size")).get("min"), step = (Integer) map(y.get("size")).get("step");
		for (int target : new int[] {min, 284, 3000}) assertEquals(target, min + (int) Math.round((target - min) / (double) step) * step);
	}

	@Test
	void theRulesCanFail() {
		// The tile rule refuses what JDLL refuses: a fixed-size input (the package before this one) cut into tiles.
		Map<String, Object> fixed = Map.of("axes", List.of(Map.of("type", "batch"), Map.of("type", "channel", "channel_names", List.of("grey")),
			Map.of("type", "space", "id", "y", "size", 64), Map.of("type", "space", "id", "x", "size", 64)));
		long[] image = {1, 1, 284, 318};
		long[] tile = jdllTile(fixed, image);
		assertEquals(64, tile[3]);
		assertThrows(AssertionError.class, () -> jdllOutputTiles(fixed, image, tile));
	}

	@Test
	void thePackagesFilesAreWhereRdfSaysTheyAre() throws Exception {
		try (ZipFile z = new ZipFile(dir.resolve("package.zip").toFile())) {
			assertNotNull(z.getEntry((String) map(map(rdf.get("weights")).get("onnx")).get("source")));
			for (Map<String, Object> t : maps(rdf.get("inputs"))) assertNotNull(z.getEntry((String) map(t.get("test_tensor")).get("source")));
		}
		assertTrue(Files.size(dir.resolve("package.zip")) > 0);
	}
}
