package io.github.bonefracture.engine;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.nets.NativeRuntime;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * One zip: metadata.json (what the model is and how to feed it),
 * configuration.json (the DL4J graph) and coefficients.bin (ND4J's binary
 * array format). Nothing in it is Java-serialised, so a model file from
 * someone else cannot run code. Written to a temporary file and moved into
 * place, so a crash never leaves half a model over a good one.
 */
public final class ModelFile {

	public static final String FORMAT = "bone-fracture-detection-model";
	public static final int FORMAT_VERSION = 1;
	static final String METADATA = "metadata.json";
	static final String CONFIGURATION = "configuration.json";
	static final String COEFFICIENTS = "coefficients.bin";
	private static final long MAX_ENTRY = 2L << 30;
	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

	public final ComputationGraph network;
	public final ModelMetadata metadata;

	public ModelFile(ComputationGraph network, ModelMetadata metadata) {
		this.network = network;
		this.metadata = metadata;
	}

	/** Fills in versions and date and writes atomically. */
	public void save(Path file) {
		metadata.format = FORMAT;
		metadata.formatVersion = FORMAT_VERSION;
		if (metadata.software == null) metadata.software = softwareVersions();
		if (metadata.created == null) metadata.created = OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString();
		Path dir = file.toAbsolutePath().getParent();
		Path tmp = null;
		try {
			Files.createDirectories(dir);
			tmp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
			try (OutputStream fos = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(fos))) {
				put(zip, METADATA, GSON.toJson(metadata).getBytes(StandardCharsets.UTF_8));
				put(zip, CONFIGURATION, network.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
				zip.putNextEntry(new ZipEntry(COEFFICIENTS));
				DataOutputStream dos = new DataOutputStream(zip);
				Nd4j.write(network.params(), dos);
				dos.flush();
				zip.closeEntry();
			}
			try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
				ch.force(true);
			}
			try {
				Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
			}
			tmp = null;
		} catch (IOException e) {
			throw new InvalidInputException("Could not write model " + file + ": " + e.getMessage()
				+ " (an existing file there is unchanged)", e);
		} finally {
			if (tmp != null) {
				try {
					Files.deleteIfExists(tmp);
				} catch (IOException ignored) {
					// The temporary file has a dot name and is never read back.
				}
			}
		}
	}

	private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(data);
		zip.closeEntry();
	}

	public static ModelFile load(Path file) {
		if (file == null || !Files.isRegularFile(file)) throw new InvalidInputException("Model file not found: " + file);
		NativeRuntime.configure();
		Map<String, byte[]> entries = new HashMap<>();
		try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
			ZipEntry e;
			while ((e = zip.getNextEntry()) != null) {
				String name = e.getName();
				if (name.equals(METADATA) || name.equals(CONFIGURATION) || name.equals(COEFFICIENTS)) entries.put(name, readLimited(zip, file, name));
			}
		} catch (IOException | IllegalArgumentException e) {
			throw new InvalidInputException("Model file " + file + " is damaged: " + e.getMessage(), e);
		}
		if (!entries.containsKey(METADATA))
			throw new InvalidInputException("Model file " + file + " is not a Bone Fracture Detection model (no " + METADATA + " inside; "
				+ (entries.isEmpty() ? "not a zip, or an empty one)" : "a zip of something else)"));
		ModelMetadata meta;
		try {
			meta = GSON.fromJson(new String(entries.get(METADATA), StandardCharsets.UTF_8), ModelMetadata.class);
		} catch (JsonParseException e) {
			throw new InvalidInputException("Model file " + file + " has damaged metadata: " + e.getMessage(), e);
		}
		if (meta == null || !FORMAT.equals(meta.format))
			throw new InvalidInputException("Model file " + file + " is not a Bone Fracture Detection model (format '" + (meta == null ? null : meta.format) + "')");
		if (meta.formatVersion > FORMAT_VERSION)
			throw new InvalidInputException("Model file " + file + " has format version " + meta.formatVersion
				+ ", newer than this plugin reads (" + FORMAT_VERSION + "): update the plugin");
		if (meta.formatVersion < 1) throw new InvalidInputException("Model file " + file + " has an invalid format version " + meta.formatVersion);
		if (meta.architecture == null || meta.preprocessing == null || meta.outputLayer == null || meta.classes == null || meta.classes.size() != 2)
			throw new InvalidInputException("Model file " + file + " has incomplete metadata (architecture, preprocessing, output layer or classes missing)");
		try {
			meta.preprocessing = io.github.bonefracture.preprocess.Preprocessing.fromJson(GSON.toJson(meta.preprocessing));
		} catch (InvalidInputException e) {
			throw new InvalidInputException("Model file " + file + ": " + e.getMessage(), e);
		}
		if (!(meta.threshold > 0 && meta.threshold < 1))
			throw new InvalidInputException("Model file " + file + " has an invalid decision threshold " + meta.threshold);
		if (!entries.containsKey(CONFIGURATION) || !entries.containsKey(COEFFICIENTS))
			throw new InvalidInputException("Model file " + file + " is damaged: " + (entries.containsKey(CONFIGURATION) ? COEFFICIENTS : CONFIGURATION) + " is missing");
		ComputationGraph g;
		try {
			ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(new String(entries.get(CONFIGURATION), StandardCharsets.UTF_8));
			INDArray params;
			try (DataInputStream dis = new DataInputStream(new ByteArrayInputStream(entries.get(COEFFICIENTS)))) {
				params = Nd4j.read(dis);
			}
			g = new ComputationGraph(conf);
			g.init();
			if (params.length() != g.numParams())
				throw new InvalidInputException("Model file " + file + " is damaged: " + params.length() + " coefficients for a network of " + g.numParams());
			g.setParams(params.reshape(1, params.length()));
		} catch (InvalidInputException e) {
			throw e;
		} catch (RuntimeException | IOException | OutOfMemoryError e) {
			throw new InvalidInputException("Model file " + file + " is damaged: " + e.getMessage(), e);
		}
		if (g.getConfiguration().getVertices().get(meta.outputLayer) == null)
			throw new InvalidInputException("Model file " + file + " is damaged: its metadata names output layer '" + meta.outputLayer + "', which the network lacks");
		return new ModelFile(g, meta);
	}

	private static byte[] readLimited(InputStream in, Path file, String name) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buf = new byte[1 << 16];
		long total = 0;
		int n;
		while ((n = in.read(buf)) > 0) {
			total += n;
			if (total > MAX_ENTRY) throw new IOException(name + " is larger than 2 GB");
			out.write(buf, 0, n);
		}
		return out.toByteArray();
	}

	static Map<String, String> softwareVersions() {
		Map<String, String> m = new LinkedHashMap<>();
		String v = ModelFile.class.getPackage().getImplementationVersion();
		m.put("bone-fracture-detection", v == null ? "development" : v);
		String dl4j = ComputationGraph.class.getPackage().getImplementationVersion();
		m.put("deeplearning4j", dl4j == null ? "1.0.0-M2.1" : dl4j);
		m.put("java", System.getProperty("java.version"));
		m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
		return m;
	}
}
