package io.github.bonefracture.engine;

import io.github.bonefracture.core.ReportJson;
import io.github.bonefracture.core.NetworkZip;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One zip: metadata.json (what the model is and how to feed it),
 * configuration.json (the DL4J graph) and coefficients.bin (ND4J's binary
 * array format). Nothing in it is Java-serialised, so a model file from
 * someone else cannot run code. Written to a temporary file and moved into
 * place, so a crash never leaves half a model over a good one.
 */
public final class ModelFile {

	public static final String FORMAT = "bone-fracture-detection-model";
	/** 2: the model has a calibration, which readers of version 1 would ignore (and threshold the wrong scale). */
	public static final int FORMAT_VERSION = 2;
	static final String METADATA = NetworkZip.METADATA;
	static final String CONFIGURATION = NetworkZip.CONFIGURATION;
	static final String COEFFICIENTS = NetworkZip.COEFFICIENTS;
	/**
	 * A figure that cannot be computed (a sensitivity on a validation split
	 * without fractures) is left out of the metadata's maps, which stay valid
	 * JSON; primitive fields are checked finite where they are set and read.
	 */
	static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
		.registerTypeAdapter(Double.class, ReportJson.FINITE_OR_NULL).create();

	public final ComputationGraph network;
	public final ModelMetadata metadata;

	public ModelFile(ComputationGraph network, ModelMetadata metadata) {
		this.network = network;
		this.metadata = metadata;
	}

	/** Fills in versions and date and writes atomically. */
	public void save(Path file) {
		save(file, java.util.function.UnaryOperator.identity());
	}

	/** As {@link #save(Path)}, metadata.json passed through share first (an export cuts the machine's local paths out of it). */
	public void save(Path file, java.util.function.UnaryOperator<com.google.gson.JsonElement> share) {
		metadata.format = FORMAT;
		metadata.formatVersion = !metadata.calibrated() ? 1 : FORMAT_VERSION;
		if (metadata.software == null) metadata.software = softwareVersions();
		if (metadata.created == null) metadata.created = OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString();
		NetworkZip.write(file, () -> GSON.toJson(share.apply(GSON.toJsonTree(metadata))).getBytes(StandardCharsets.UTF_8), () -> network.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8),
			out -> {
				DataOutputStream dos = new DataOutputStream(out);
				Nd4j.write(network.params(), dos);
				dos.flush();
			}, entries());
	}

	/** The entries after the coefficients: the training-data description and the training images' hashes, when the model has them. */
	private Map<String, java.util.function.Supplier<byte[]>> entries() {
		Map<String, java.util.function.Supplier<byte[]>> m = new LinkedHashMap<>();
		if (metadata.inDistribution != null) m.put(TrainingDistribution.ENTRY, metadata.inDistribution::entry);
		metadata.trainingImageHashes = metadata.trainingImages == null ? null : metadata.trainingImages.size();
		if (metadata.trainingImages != null) m.put(TrainingImages.ENTRY, () -> TrainingImages.entry(metadata.trainingImages));
		return m;
	}

	/**
	 * Reads a model file, refusing with the file and the problem (and before
	 * allocating more than a real model needs) anything damaged or foreign.
	 */
	public static ModelFile load(Path file) {
		return ModelFileReader.read(file);
	}

	static Map<String, String> softwareVersions() {
		Map<String, String> m = releases();
		m.put("java", System.getProperty("java.version"));
		m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
		return m;
	}

	/** The releases whose code computes a model: this plugin's and DL4J's. */
	static Map<String, String> releases() {
		Map<String, String> m = new LinkedHashMap<>();
		String v = ModelFile.class.getPackage().getImplementationVersion();
		m.put("bone-fracture-detection", v == null ? "development" : v);
		String dl4j = ComputationGraph.class.getPackage().getImplementationVersion();
		m.put("deeplearning4j", dl4j == null ? "1.0.0-M2.1" : dl4j);
		return m;
	}
}
