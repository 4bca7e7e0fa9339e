package io.github.bonefracture.export;

import io.github.bonefracture.engine.Architecture;
import io.github.bonefracture.engine.ModelMetadata;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.preprocess.Preprocessing;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rdf.yaml of a BioImage.IO model package (model spec 0.5.7) as nested
 * maps: what a consumer needs to feed the ONNX graph and read its answer,
 * and, under config.bone_fracture_detection, everything of the model file's
 * metadata that the spec has no field for.
 */
final class PackageDescription {

	static final String FORMAT_VERSION = "0.5.7";
	private PackageDescription() {}

	/** One tensor file of the package: its name and SHA-256. */
	static final class File {
		final String name;
		final String sha256;

		File(String name, String sha256) {
			this.name = name;
			this.sha256 = sha256;
		}

		Map<String, Object> descr() {
			return map("source", name, "sha256", sha256);
		}
	}

	static Map<String, Object> rdf(ModelMetadata meta, ExportOptions o, long parameters, File weights, File testInput,
		File testOutput, File testCam, int[] camSize, File testDistance, String cover, String documentation, File attachment)
	{
		Preprocessing pre = meta.preprocessing;
		boolean densenet = meta.architecture == Architecture.DENSENET121;
		Map<String, Object> rdf = new LinkedHashMap<>();
		rdf.put("type", "model");
		rdf.put("format_version", FORMAT_VERSION);
		// An id is what JDLL (deepImageJ) keys models by; bioimage.io assigns its own on upload.
		rdf.put("id", "bone-fracture-" + weights.sha256.substring(0, 12));
		rdf.put("name", "Bone fracture classifier (" + network(meta) + ")");
		rdf.put("description", "Classifies an x-ray as Fracture or Normal: P(" + meta.positiveClass + ") for the whole image"
			+ (testCam != null ? ", and a class-activation map of where the evidence lies" : "")
			+ ". Trained with Bone Fracture Detection for Fiji; threshold " + String.format(Locale.ROOT, "%.4f", meta.threshold) + ".");
		List<Object> authors = new ArrayList<>();
		for (String a : authorNames(o.authors)) authors.add(map("name", a));
		rdf.put("authors", authors);
		rdf.put("cite", citations(meta));
		rdf.put("license", o.license);
		rdf.put("documentation", documentation);
		rdf.put("covers", List.of(cover));
		// bioimage.io's vocabulary first (the website's tag categories: dims, task, software, network), then the domain's own words.
		List<String> tags = new ArrayList<>(List.of("2d", "image-classification", "fiji", "deepimagej"));
		if (densenet) tags.add("densenet");
		tags.addAll(List.of("x-ray", "radiograph", "fracture", "onnx"));
		rdf.put("tags", tags);
		rdf.put("timestamp", meta.created);
		rdf.put("attachments", List.of(attachment.descr()));

		Map<String, Object> input = new LinkedHashMap<>();
		input.put("id", OnnxExport.INPUT);
		input.put("description", String.format(Locale.ROOT, "Whole grey x-ray, raw values (8/16-bit, float), bone bright, at least %dx%d; the graph does the rest (README.md)", pre.width(), pre.height()));
		// Batch 1 (the window is the image's own); any size from the model's, step 1: JDLL's TileCalculator then makes the
		// tile the whole image (ceil(size / step) * step) and the graph resizes it, so P is the whole image's.
		input.put("axes", List.of(map("type", "batch", "size", 1), map("type", "channel", "channel_names", List.of("grey")),
			map("type", "space", "id", "y", "size", map("min", pre.height(), "step", 1)),
			map("type", "space", "id", "x", "size", map("min", pre.width(), "step", 1))));
		input.put("test_tensor", testInput.descr());
		input.put("data", map("type", "float32"));
		// No preprocessing for the consumer: JDLL 0.6.1's fixed_zero_mean_unit_variance indexes its channel axis wrongly
		// (ArrayIndexOutOfBounds), and scale_linear applies channel 0's gain to all; the graph does it all instead.
		rdf.put("inputs", List.of(input));

		List<Object> outputs = new ArrayList<>();
		outputs.add(map("id", OnnxExport.OUTPUT, "description", "P(" + meta.positiveClass + ") as the plugin reports it; " + meta.positiveClass + " at or above "
			+ String.format(Locale.ROOT, "%.4f", meta.threshold), "axes", List.of(map("type", "batch"), map("type", "channel", "channel_names", List.of("p_fracture"))),
			"test_tensor", testOutput.descr(), "data", map("type", "float32", "range", List.of(0.0, 1.0))));
		if (testCam != null) {
			outputs.add(map("id", OnnxExport.CAM, "description", "Class-activation map over the whole image in logits; its mean is the network's logit, sigmoid gives P per place",
				"axes", List.of(map("type", "batch"), map("type", "channel", "channel_names", List.of("fracture_logit")),
					map("type", "space", "id", "y", "size", camSize[0]), map("type", "space", "id", "x", "size", camSize[1])),
				"test_tensor", testCam.descr(), "data", map("type", "float32")));
		}
		if (testDistance != null) {
			// The spec allows 128 characters here: the method and percentile are in README.md and config.
			outputs.add(map("id", OnnxExport.DISTANCE, "description", String.format(Locale.ROOT,
				"Distance to the training data in feature space; above %.4f the image is unlike the training data: do not trust P", meta.inDistribution.cutoff),
				"axes", List.of(map("type", "batch"), map("type", "channel", "channel_names", List.of("training_data_distance"))),
				"test_tensor", testDistance.descr(), "data", map("type", "float32")));
		}
		rdf.put("outputs", outputs);
		rdf.put("weights", map("onnx", map("source", weights.name, "sha256", weights.sha256, "opset_version", OnnxExport.OPSET,
			"comment", "Exported from a Bone Fracture Detection model file (DL4J); the graph includes the plugin's preprocessing"
				+ (meta.calibrated() ? " and the model's calibration." : "; the model has no calibration."))));
		rdf.put("config", map("bioimageio", bioimageio(meta, parameters), "bone_fracture_detection", carried(meta, attachment.name)));
		return rdf;
	}

	/** The authors given; none is refused, since a package must say who trained its model (not the computer's account name). */
	static List<String> authorNames(String authors) {
		List<String> names = new ArrayList<>();
		for (String a : (authors == null ? "" : authors).split(",")) if (!a.trim().isEmpty()) names.add(a.trim());
		if (names.isEmpty())
			throw new io.github.bonefracture.core.InvalidOptionException("authors", "a BioImage.IO package names who trained the model: give their names, comma-separated (e.g. authors=[A. Author, B. Author])");
		return names;
	}

	/** What the network is, as its settings made it: DenseNet121 only with DenseNet121's blocks and growth rate. */
	static String network(ModelMetadata meta) {
		io.github.bonefracture.engine.TrainingConfig t = meta.training;
		switch (meta.architecture) {
			case DENSENET121:
				if (t == null || java.util.Arrays.equals(t.denseBlocks, new int[] {6, 12, 24, 16}) && t.growthRate == 32) return "DenseNet121";
				return String.format(Locale.ROOT, "DenseNet, blocks %s, growth rate %d", java.util.Arrays.toString(t.denseBlocks).replaceAll("[\\[\\] ]", ""), t.growthRate);
			case SMALL_CNN: return "small CNN";
			default: return "baseline CNN";
		}
	}

	private static List<Object> citations(ModelMetadata meta) {
		List<Object> cite = new ArrayList<>();
		if (meta.architecture == Architecture.DENSENET121)
			cite.add(map("text", "Huang G, Liu Z, van der Maaten L, Weinberger KQ. Densely Connected Convolutional Networks. CVPR 2017", "doi", "10.1109/CVPR.2017.243"));
		if (meta.dataset != null && meta.dataset.pretrainRoot != null)
			cite.add(map("text", "Rajpurkar P et al. MURA: Large Dataset for Abnormality Detection in Musculoskeletal Radiographs. 2017", "doi", "10.48550/arXiv.1712.06957"));
		return cite;
	}

	private static Map<String, Object> bioimageio(ModelMetadata meta, long parameters) {
		TrainingConfig t = meta.training;
		// The spec allows 32 characters here: the name gives the blocks and growth rate.
		String type = network(meta);
		Map<String, Object> m = map("nickname", "bone-fracture-" + meta.architecture.id(), "architecture_type", type.length() <= 32 ? type : type.substring(0, type.indexOf(',')),
			"task", "classification", "modality", "x-ray radiography", "model_parameter_count", parameters);
		if (t != null) {
			m.put("training", map("training_epochs", (double) (t.phase1Epochs + t.phase2Epochs), "training_batch_size", (double) t.batchSize,
				"initial_learning_rate", t.phase1LearningRate, "optimizer", "Adam", "loss_function", "binary cross-entropy",
				"training_preprocessing", "See config.bone_fracture_detection.training for the augmentation, phases and BatchNorm handling."));
		}
		return m;
	}

	/** The model file's metadata as plain YAML values, NaN and infinities as null. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> carried(ModelMetadata meta, String modelFile) {
		Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();
		Map<String, Object> m = gson.fromJson(gson.toJson(SharedMetadata.of(meta)), new TypeToken<LinkedHashMap<String, Object>>() {}.getType());
		m.put("model_file", modelFile);
		return (Map<String, Object>) finite(m);
	}

	/** The same tree with every non-finite number as the YAML value null (the null is the figure's value, not a missing result). */
	private static Object finite(Object v) {
		if (v instanceof Double && !Double.isFinite((Double) v)) return null;
		if (v instanceof Map) {
			Map<String, Object> out = new LinkedHashMap<>();
			for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) out.put(String.valueOf(e.getKey()), finite(e.getValue()));
			return out;
		}
		if (v instanceof List) {
			List<Object> out = new ArrayList<>();
			for (Object x : (List<?>) v) out.add(finite(x));
			return out;
		}
		return v;
	}

	static Map<String, Object> map(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
		return m;
	}
}
