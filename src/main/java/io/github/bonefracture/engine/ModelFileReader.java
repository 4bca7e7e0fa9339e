package io.github.bonefracture.engine;

import io.github.bonefracture.core.BoundedZip;
import io.github.bonefracture.core.Coefficients;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.nets.ActivationRanges;
import io.github.bonefracture.nets.NativeRuntime;
import io.github.bonefracture.preprocess.Preprocessing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * Reads a model zip that may have been damaged or made hostile on its way:
 * each check runs before the memory it guards is spent, and every refusal
 * names the file and the problem.
 */
final class ModelFileReader {

	/** metadata.json of a real model is a few kilobytes. */
	private static final long MAX_METADATA = 1L << 20;
	/** DenseNet121's configuration is about 1 MB of JSON. */
	private static final long MAX_CONFIGURATION = 64L << 20;
	/** 25x DenseNet121's 7 million: room for bigger variants, far below what would exhaust memory. */
	static final long MAX_PARAMETERS = 200_000_000L;

	private final Path file;

	private ModelFileReader(Path file) {
		this.file = file;
	}

	/** The most training images a model file may name by hash (65 MB of entry). */
	static final int MAX_TRAINING_IMAGES = 1_000_000;

	static ModelFile read(Path file) {
		if (file == null || !Files.exists(file)) throw new InvalidInputException("Model file not found: " + file);
		if (Files.isDirectory(file)) throw new InvalidInputException("Model file " + file + " is a folder; give the model's .zip file");
		return new ModelFileReader(file).read();
	}

	private InvalidInputException refuse(String problem) {
		return new InvalidInputException("Model file " + file + " " + problem);
	}

	private ModelFile read() {
		NativeRuntime.configure();
		try (BoundedZip zip = new BoundedZip(file, this::refuse)) {
			if (!zip.has(ModelFile.METADATA))
				throw refuse("is not a Bone Fracture Detection model (no " + ModelFile.METADATA + " inside; a zip of something else)");
			ModelMetadata meta = metadata(new String(zip.bytes(ModelFile.METADATA, MAX_METADATA), StandardCharsets.UTF_8));
			if (!zip.has(ModelFile.CONFIGURATION) || !zip.has(ModelFile.COEFFICIENTS))
				throw refuse("is damaged: " + (zip.has(ModelFile.CONFIGURATION) ? ModelFile.COEFFICIENTS : ModelFile.CONFIGURATION) + " is missing");
			ComputationGraphConfiguration conf = configuration(new String(zip.bytes(ModelFile.CONFIGURATION, MAX_CONFIGURATION), StandardCharsets.UTF_8));
			checkLayers(conf, meta);
			long n = parameterCount(conf);
			checkInput(conf, meta.preprocessing);
			float[] params;
			try (InputStream in = zip.stream(ModelFile.COEFFICIENTS)) {
				params = Coefficients.read(in, n);
			} catch (IOException e) {
				throw refuse("is damaged: " + ModelFile.COEFFICIENTS + ": " + e.getMessage());
			}
			// After the coefficients: a bomb there is found first.
			if (meta.inDistribution != null) {
				TrainingDistribution t = meta.inDistribution;
				// The claimed size is checked before the entry is read.
				if (t.features < 1 || t.features > TrainingDistribution.MAX_FEATURES)
					throw refuse("has a damaged description of its training data: it claims " + t.features + " features");
				if (!zip.has(TrainingDistribution.ENTRY)) throw refuse("is damaged: " + TrainingDistribution.ENTRY + " is missing");
				try {
					t.readEntry(zip.bytes(TrainingDistribution.ENTRY, 4L * t.features * t.features));
				} catch (IllegalArgumentException e) {
					throw refuse("is damaged: " + e.getMessage());
				}
				t.damage(t.features).ifPresent(damage -> {
					throw refuse("has a damaged description of its training data: " + damage);
				});
			}
			if (meta.trainingImageHashes != null) {
				int count = meta.trainingImageHashes;
				if (count < 0 || count > MAX_TRAINING_IMAGES) throw refuse("claims " + count + " training image hashes");
				if (!zip.has(TrainingImages.ENTRY)) throw refuse("is damaged: " + TrainingImages.ENTRY + " is missing");
				try {
					meta.trainingImages = TrainingImages.read(zip.bytes(TrainingImages.ENTRY, (long) TrainingImages.LINE * count), count);
				} catch (IllegalArgumentException e) {
					throw refuse("is damaged: " + e.getMessage());
				}
			}
			ComputationGraph g = new ComputationGraph(conf);
			g.init(Nd4j.create(params, new long[] {1, params.length}, 'c'), false);
			return new ModelFile(g, meta);
		} catch (ZipException e) {
			throw refuse("is not a zip file or is damaged (" + e.getMessage() + ")");
		} catch (IOException e) {
			throw refuse("cannot be read: " + OutputFiles.reason(e));
		}
	}

	private ModelMetadata metadata(String json) {
		ModelMetadata meta;
		try {
			JsonElement root = JsonParser.parseString(json);
			if (!root.isJsonObject()) throw refuse("has damaged metadata: not a JSON object");
			JsonObject o = root.getAsJsonObject();
			// A missing field would silently take the class's default: ask for it explicitly.
			if (!o.has("format")) throw refuse("is not a Bone Fracture Detection model (its metadata has no 'format')");
			JsonElement t = o.get("threshold");
			if (t == null || !t.isJsonPrimitive() || !t.getAsJsonPrimitive().isNumber())
				throw refuse("has no decision threshold in its metadata ('threshold' must be a number between 0 and 1, found " + t + ")");
			meta = ModelFile.GSON.fromJson(o, ModelMetadata.class);
		} catch (JsonParseException | IllegalStateException | NumberFormatException e) {
			throw refuse("has damaged metadata: " + e.getMessage());
		}
		if (!ModelFile.FORMAT.equals(meta.format)) throw refuse("is not a Bone Fracture Detection model (format '" + meta.format + "')");
		if (meta.formatVersion > ModelFile.FORMAT_VERSION)
			throw refuse("has format version " + meta.formatVersion + ", newer than this plugin reads (" + ModelFile.FORMAT_VERSION + "): update the plugin");
		if (meta.formatVersion < 1) throw refuse("has an invalid format version " + meta.formatVersion);
		if (meta.architecture == null || meta.preprocessing == null || meta.outputLayer == null || meta.classes == null || meta.classes.size() != 2)
			throw refuse("has incomplete metadata (architecture, preprocessing, output layer or classes missing)");
		try {
			meta.preprocessing = Preprocessing.fromJson(ModelFile.GSON.toJson(meta.preprocessing));
		} catch (InvalidInputException e) {
			throw refuse("has damaged metadata: " + e.getMessage());
		}
		if (!(meta.threshold > 0 && meta.threshold < 1)) throw refuse("has an invalid decision threshold " + meta.threshold);
		double[] ti = meta.thresholdInterval95;
		if (ti != null && (ti.length != 2 || !(ti[0] >= 0 && ti[0] <= ti[1] && ti[1] <= 1)))
			throw refuse("has an invalid threshold interval " + java.util.Arrays.toString(ti) + " (two numbers from 0 to 1, the lower first)");
		Calibration cal = meta.calibration;
		// A fit on logits gives slopes and intercepts of a few units; 1e308 would make every answer 0 or 1.
		if (cal != null && (cal.method == null || !(cal.a > 0 && cal.a <= Calibration.MAX_COEFFICIENT) || !(Math.abs(cal.b) <= Calibration.MAX_COEFFICIENT)))
			throw refuse("has an invalid calibration (method " + cal.method + ", a " + cal.a + ", b " + cal.b + "; a must be in (0, "
				+ Calibration.MAX_COEFFICIENT + "], |b| at most " + Calibration.MAX_COEFFICIENT + ")");
		return meta;
	}

	private ComputationGraphConfiguration configuration(String json) {
		try {
			return ComputationGraphConfiguration.fromJson(json);
		} catch (RuntimeException e) {
			throw refuse("is damaged: its network configuration cannot be read (" + e.getMessage() + ")");
		}
	}

	private void checkLayers(ComputationGraphConfiguration conf, ModelMetadata meta) {
		if (!conf.getVertices().containsKey(meta.outputLayer))
			throw refuse("is damaged: its metadata names output layer '" + meta.outputLayer + "', which the network lacks");
		if (meta.featureLayer != null && !conf.getVertices().containsKey(meta.featureLayer))
			throw refuse("is damaged: its metadata names feature layer '" + meta.featureLayer + "', which the network lacks");
		checkAnswers(conf, meta);
		checkPrecisionChecks(meta);
		ActivationRanges r = meta.activationRanges;
		if (r == null) return;
		r.damage().ifPresent(damage -> {
			throw refuse("has a damaged int8 calibration: " + damage);
		});
		for (String layer : r.ranges.keySet())
			if (!conf.getVertices().containsKey(layer))
				throw refuse("has a damaged int8 calibration: it names layer '" + layer + "', which the network lacks");
	}

	/** A stored accuracy check names a reduced precision and holds figures that can be true; auto trusts it. */
	private void checkPrecisionChecks(ModelMetadata meta) {
		if (meta.precisionChecks == null) return;
		for (java.util.Map.Entry<String, PrecisionCheck> e : meta.precisionChecks.entrySet()) {
			if (!e.getKey().equals(Precision.BFLOAT16.id()) && !e.getKey().equals(Precision.INT8.id()))
				throw refuse("has a damaged accuracy check: it names precision '" + e.getKey() + "' (only bfloat16 and int8 are checked)");
			String precision = e.getKey();
			(e.getValue() == null ? java.util.Optional.of("it is empty") : e.getValue().problem()).ifPresent(problem -> {
				throw refuse("has a damaged accuracy check for " + precision + ": " + problem);
			});
		}
	}

	/** The description of the training data must fit the head's inputs; the conformal scores must be scores. */
	private void checkAnswers(ComputationGraphConfiguration conf, ModelMetadata meta) {
		if (meta.inDistribution != null) {
			org.deeplearning4j.nn.conf.layers.Layer head = conf.getVertices().get(meta.outputLayer) instanceof org.deeplearning4j.nn.conf.graph.LayerVertex
				? ((org.deeplearning4j.nn.conf.graph.LayerVertex) conf.getVertices().get(meta.outputLayer)).getLayerConf().getLayer() : null;
			long features = head instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer ? ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) head).getNIn() : -1;
			(meta.featureLayer == null ? java.util.Optional.of("the model has no feature layer to describe")
				: meta.inDistribution.damage(features > 0 ? (int) features : meta.inDistribution.features)).ifPresent(damage -> {
					throw refuse("has a damaged description of its training data: " + damage);
				});
		}
		if (meta.conformal != null) {
			meta.conformal.damage().ifPresent(damage -> {
				throw refuse("has damaged conformal scores: " + damage);
			});
		}
	}

	/** The preprocessing's size must be one the network was built for: every dense layer's inputs must match. */
	private void checkInput(ComputationGraphConfiguration conf, Preprocessing pre) {
		int max = TrainingConfig.MAX_IMAGE_SIZE;
		if (pre.width() > max || pre.height() > max)
			throw refuse("has an input size of " + pre.width() + "x" + pre.height() + " in its metadata, above the " + max + " px this plugin runs");
		InputType input = InputType.convolutional(pre.height(), pre.width(), pre.channels());
		Map<String, InputType> types;
		try {
			// On a copy: DL4J sets layers' input counts to fit the type it is given, which would hide a mismatch.
			types = conf.clone().getLayerActivationTypes(true, false, input);
		} catch (RuntimeException e) {
			throw refuse("has an input size of " + pre.width() + "x" + pre.height() + "x" + pre.channels() + " that its network cannot take (" + e.getMessage() + ")");
		}
		String inputName = conf.getNetworkInputs().get(0);
		for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
			if (!(v.getValue() instanceof LayerVertex)) continue;
			LayerVertex lv = (LayerVertex) v.getValue();
			if (!(lv.getLayerConf().getLayer() instanceof FeedForwardLayer)) continue;
			long nIn = ((FeedForwardLayer) lv.getLayerConf().getLayer()).getNIn();
			List<String> from = conf.getVertexInputs().get(v.getKey());
			if (from == null || from.size() != 1) continue;
			InputType in = from.get(0).equals(inputName) ? input : types.get(from.get(0));
			if (in == null) continue;
			InputPreProcessor p = lv.getPreProcessor();
			if (p != null) in = p.getOutputType(in);
			long expected = in instanceof InputType.InputTypeConvolutional ? ((InputType.InputTypeConvolutional) in).getChannels() : in.arrayElementsPerExample();
			if (nIn > 0 && expected != nIn)
				throw refuse("has an input size of " + pre.width() + "x" + pre.height() + "x" + pre.channels()
					+ " in its metadata, but its layer '" + v.getKey() + "' was built for another size (" + nIn + " inputs, would get " + expected + ")");
		}
	}

	private long parameterCount(ComputationGraphConfiguration conf) {
		long n = 0;
		for (GraphVertex v : conf.getVertices().values()) n += v.numParams(true);
		if (n < 1 || n > MAX_PARAMETERS)
			throw refuse("is damaged: its configuration declares " + n + " parameters (this plugin reads up to " + MAX_PARAMETERS + ")");
		return n;
	}
}
