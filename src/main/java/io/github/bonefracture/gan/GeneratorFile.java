package io.github.bonefracture.gan;

import io.github.bonefracture.core.BoundedZip;
import io.github.bonefracture.core.Coefficients;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.NetworkZip;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.nets.NativeRuntime;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.ZipException;

/**
 * A generator as one zip, like the model file: metadata.json (what it makes
 * and what it learned from), configuration.json (the DL4J network) and
 * coefficients.bin (ND4J's binary array format). Nothing is Java-serialised;
 * written to a temporary file and moved into place; read back with every
 * length checked before memory is spent and every refusal naming the file.
 */
public final class GeneratorFile {
	public static final String FORMAT = "bone-fracture-detection-generator";
	public static final int FORMAT_VERSION = 1;
	static final String METADATA = NetworkZip.METADATA;
	static final String CONFIGURATION = NetworkZip.CONFIGURATION;
	static final String COEFFICIENTS = NetworkZip.COEFFICIENTS;
	private static final long MAX_METADATA = 1L << 20;
	private static final long MAX_CONFIGURATION = 4L << 20;
	/** 10x the widest generator this plugin builds at 128 px. */
	static final long MAX_PARAMETERS = 50_000_000L;
	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

	/** metadata.json. */
	static final class Metadata {
		String format = FORMAT;
		int formatVersion = FORMAT_VERSION;
		/** The one-hot order of the generator's class input. */
		List<String> classes = List.of("Normal", "Fracture");
		String output = "grey image in [0, 1], imageSize x imageSize";
		GanConfig config;
		long seed;
		String trainedOnRoot;
		int trainedOnFracture;
		int trainedOnNormal;
		String trainedOnFileListSha256;
		String created;
	}

	private GeneratorFile() {}

	public static void save(Generator g, Path file) {
		Metadata m = new Metadata();
		m.config = g.config.copy();
		m.seed = g.config.seed;
		m.trainedOnRoot = g.record.root;
		m.trainedOnFracture = g.record.fracture;
		m.trainedOnNormal = g.record.normal;
		m.trainedOnFileListSha256 = g.record.fileListSha256;
		m.created = OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString();
		NetworkZip.write(file, () -> GSON.toJson(m).getBytes(StandardCharsets.UTF_8),
			() -> g.network.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8), out -> {
				DataOutputStream dos = new DataOutputStream(out);
				Nd4j.write(g.network.params(), dos);
				dos.flush();
			});
	}

	public static Generator load(Path file) {
		if (file == null || !Files.isRegularFile(file)) throw new InvalidInputException("Generator file not found: " + file);
		java.util.function.Function<String, RuntimeException> refuse = p -> new InvalidInputException("Generator file " + file + " " + p);
		NativeRuntime.configure();
		try (BoundedZip zip = new BoundedZip(file, refuse)) {
			if (!zip.has(METADATA)) throw refuse.apply("is not an image generator (no " + METADATA + " inside)");
			Metadata m = metadata(new String(zip.bytes(METADATA, MAX_METADATA), StandardCharsets.UTF_8), refuse);
			for (String entry : List.of(CONFIGURATION, COEFFICIENTS))
				if (!zip.has(entry)) throw refuse.apply("is damaged: " + entry + " is missing");
			MultiLayerConfiguration conf;
			try {
				conf = MultiLayerConfiguration.fromJson(new String(zip.bytes(CONFIGURATION, MAX_CONFIGURATION), StandardCharsets.UTF_8));
			} catch (RuntimeException e) {
				throw refuse.apply("is damaged: its network configuration cannot be read (" + e.getMessage() + ")");
			}
			long n = checkShape(conf, m.config, refuse);
			float[] params;
			try (InputStream in = zip.stream(COEFFICIENTS)) {
				params = Coefficients.read(in, n);
			} catch (IOException e) {
				throw refuse.apply("is damaged: " + COEFFICIENTS + ": " + e.getMessage());
			}
			MultiLayerNetwork net = new MultiLayerNetwork(conf);
			net.init(Nd4j.create(params, new long[] {1, params.length}, 'c'), false);
			return new Generator(net, m.config, new TrainingRecord(m.trainedOnRoot, List.of(), m.trainedOnFracture, m.trainedOnNormal, m.trainedOnFileListSha256));
		} catch (ZipException e) {
			throw refuse.apply("is not a zip file or is damaged (" + e.getMessage() + ")");
		} catch (IOException e) {
			throw refuse.apply("cannot be read: " + OutputFiles.reason(e));
		}
	}

	private static Metadata metadata(String json, java.util.function.Function<String, RuntimeException> refuse) {
		Metadata m;
		try {
			JsonElement root = JsonParser.parseString(json);
			if (!root.isJsonObject() || !root.getAsJsonObject().has("format")) throw refuse.apply("is not an image generator (its metadata has no 'format')");
			m = GSON.fromJson(root, Metadata.class);
		} catch (JsonParseException | IllegalStateException | NumberFormatException e) {
			throw refuse.apply("has damaged metadata: " + e.getMessage());
		}
		if (!FORMAT.equals(m.format))
			throw refuse.apply("is not an image generator (format '" + m.format + "'" + (m.format != null && m.format.endsWith("-model") ? ": that is a detection model" : "") + ")");
		if (m.formatVersion > FORMAT_VERSION) throw refuse.apply("has format version " + m.formatVersion + ", newer than this plugin reads (" + FORMAT_VERSION + "): update the plugin");
		if (m.config != null) m.config.seed = m.seed;
		if (m.formatVersion < 1 || m.config == null || !List.of("Normal", "Fracture").equals(m.classes))
			throw refuse.apply("has incomplete or damaged metadata (format version, config or classes)");
		try {
			m.config.validate();
		} catch (RuntimeException e) {
			throw refuse.apply("has damaged metadata: " + e.getMessage());
		}
		return m;
	}

	/** The network must take latent + classes and make one image of the declared size; returns its parameter count. */
	private static long checkShape(MultiLayerConfiguration conf, GanConfig c, java.util.function.Function<String, RuntimeException> refuse) {
		List<InputType> types;
		try {
			types = conf.clone().getLayerActivationTypes(InputType.feedForward(c.latentSize + GanNetworks.CLASSES));
		} catch (RuntimeException e) {
			throw refuse.apply("is damaged: its network does not take " + c.latentSize + " noise values and " + GanNetworks.CLASSES + " classes (" + e.getMessage() + ")");
		}
		Layer first = conf.getConf(0).getLayer();
		if (!(first instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer)
			|| ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) first).getNIn() != c.latentSize + GanNetworks.CLASSES)
			throw refuse.apply("is damaged: its first layer does not take " + c.latentSize + " noise values and " + GanNetworks.CLASSES + " classes");
		InputType out = types.get(types.size() - 1);
		if (!(out instanceof InputType.InputTypeConvolutional) || out.arrayElementsPerExample() != (long) c.imageSize * c.imageSize)
			throw refuse.apply("is damaged: its network makes " + out + ", not one " + c.imageSize + "x" + c.imageSize + " image");
		long n = 0;
		for (int i = 0; i < conf.getConfs().size(); i++) {
			Layer l = conf.getConf(i).getLayer();
			n += l.initializer().numParams(l);
		}
		if (n < 1 || n > MAX_PARAMETERS) throw refuse.apply("is damaged: its configuration declares " + n + " parameters (up to " + MAX_PARAMETERS + " are read)");
		return n;
	}
}
