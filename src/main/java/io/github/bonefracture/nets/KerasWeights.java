package io.github.bonefracture.nets;

import io.github.bonefracture.core.InvalidInputException;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a Keras weight file (HDF5, as saved by {@code save_weights}: one group
 * per layer, each holding {@code layer/param:0} datasets, with a "/" in a
 * layer name nesting groups) and copies it into a DL4J graph whose layers
 * carry the Keras names. Every weight is matched by name and shape; a missing,
 * extra or misshaped weight refuses the whole file, naming the layer.
 */
public final class KerasWeights {

	/** One array as stored: Keras shape and row-major data. */
	public static final class Tensor {
		public final long[] shape;
		public final float[] data;

		public Tensor(long[] shape, float[] data) {
			this.shape = shape.clone();
			this.data = data;
			if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != data.length)
				throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
		}
	}

	private final Map<String, Map<String, Tensor>> layers;

	private KerasWeights(Map<String, Map<String, Tensor>> layers) {
		this.layers = layers;
	}

	public static KerasWeights of(Map<String, Map<String, Tensor>> layers) {
		return new KerasWeights(new TreeMap<>(layers));
	}

	/** Layer name to (parameter name, e.g. "kernel", to tensor). */
	public Map<String, Map<String, Tensor>> layers() {
		return layers;
	}

	public static KerasWeights read(Path file) {
		Map<String, Tensor> datasets = datasets(file);
		Map<String, Map<String, Tensor>> layers = new TreeMap<>();
		for (Map.Entry<String, Tensor> e : datasets.entrySet()) {
			String path = e.getKey();
			int slash = path.lastIndexOf('/');
			if (slash < 0) throw new InvalidInputException("Weight file " + file + ": dataset '" + path + "' belongs to no layer");
			String owner = path.substring(0, slash);
			String param = path.substring(slash + 1);
			int colon = param.indexOf(':');
			if (colon >= 0) param = param.substring(0, colon);
			// Keras stores layer L's weights at L/L/param:0.
			String layer = owner;
			int half = (owner.length() - 1) / 2;
			if (owner.length() % 2 == 1 && owner.charAt(half) == '/' && owner.substring(0, half).equals(owner.substring(half + 1)))
				layer = owner.substring(0, half);
			layers.computeIfAbsent(layer, k -> new LinkedHashMap<>()).put(param, e.getValue());
		}
		if (layers.isEmpty()) throw new InvalidInputException("Weight file " + file + " contains no weights");
		return new KerasWeights(layers);
	}

	/** Weights above this many values in one dataset are refused before they are read (DenseNet121's largest has 0.5 million). */
	private static final long MAX_VALUES = 1L << 28;

	/**
	 * Every dataset in an HDF5 file, by its full path, as float32. Read with
	 * jHDF, a pure-Java reader: no HDF5 native library on any platform.
	 */
	public static Map<String, Tensor> datasets(Path file) {
		if (!Files.isRegularFile(file)) throw new InvalidInputException("Weight file not found: " + file);
		Map<String, Tensor> datasets = new TreeMap<>();
		HdfFile h5;
		try {
			h5 = new HdfFile(file);
		} catch (RuntimeException e) {
			throw new InvalidInputException("Weight file " + file + " is not a readable HDF5 file (" + e.getMessage() + ")", e);
		}
		try (HdfFile f = h5) {
			walk(f, "", datasets, file);
		} catch (InvalidInputException e) {
			throw e;
		} catch (RuntimeException e) {
			throw new InvalidInputException("Weight file " + file + " is damaged (" + e.getMessage() + ")", e);
		}
		return datasets;
	}

	private static void walk(Group g, String prefix, Map<String, Tensor> out, Path file) {
		for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
			String path = prefix.isEmpty() ? e.getKey() : prefix + "/" + e.getKey();
			Node n = e.getValue();
			if (n instanceof Group) {
				walk((Group) n, path, out, file);
			} else if (n instanceof Dataset) {
				Dataset ds = (Dataset) n;
				int[] dims = ds.getDimensions();
				long[] shape = Arrays.stream(dims).asLongStream().toArray();
				long count = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
				if (count > MAX_VALUES) throw new InvalidInputException("Weight file " + file + ": dataset " + path + " declares " + count + " values, too many for a weight");
				out.put(path, new Tensor(shape, floats(ds.getDataFlat(), path, file)));
			}
		}
	}

	private static float[] floats(Object flat, String path, Path file) {
		if (flat instanceof float[]) return (float[]) flat;
		if (flat instanceof double[]) {
			double[] d = (double[]) flat;
			float[] f = new float[d.length];
			for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
			return f;
		}
		throw new InvalidInputException("Weight file " + file + ": dataset " + path + " holds " + (flat == null ? "nothing" : flat.getClass().getSimpleName())
			+ ", not floating-point weights");
	}

	/**
	 * Copies every weight into the graph's layer of the same name. Layers of
	 * the graph that hold parameters but are not in the file are allowed only
	 * when listed in {@code notInFile} (the new head).
	 */
	public void copyInto(ComputationGraph graph, Set<String> notInFile, Path source) {
		Set<String> unused = new TreeSet<>(layers.keySet());
		for (Layer l : graph.getLayers()) {
			String name = l.conf().getLayer().getLayerName();
			if (l.numParams() == 0) continue;
			Map<String, Tensor> w = layers.get(name);
			if (w == null) {
				if (notInFile.contains(name)) continue;
				throw new InvalidInputException("Weight file " + source + " has no weights for layer '" + name + "'");
			}
			unused.remove(name);
			copyLayer(l, name, w, source);
		}
		if (!unused.isEmpty())
			throw new InvalidInputException("Weight file " + source + " has weights for layer '" + unused.iterator().next()
				+ "' that this network does not have" + (unused.size() > 1 ? " (and " + (unused.size() - 1) + " more)" : ""));
	}

	private static void copyLayer(Layer l, String name, Map<String, Tensor> w, Path source) {
		Map<String, INDArray> params = l.paramTable();
		Map<String, String> keras = new LinkedHashMap<>();
		if (params.containsKey(BatchNormalizationParamInitializer.GAMMA)) {
			keras.put("gamma", BatchNormalizationParamInitializer.GAMMA);
			keras.put("beta", BatchNormalizationParamInitializer.BETA);
			keras.put("moving_mean", BatchNormalizationParamInitializer.GLOBAL_MEAN);
			keras.put("moving_variance", BatchNormalizationParamInitializer.GLOBAL_VAR);
			if (!params.containsKey(BatchNormalizationParamInitializer.GLOBAL_VAR))
				throw new IllegalStateException("layer " + name + " stores log std; build BatchNormalization with useLogStd(false)");
		} else {
			keras.put("kernel", DefaultParamInitializer.WEIGHT_KEY);
			if (params.containsKey(DefaultParamInitializer.BIAS_KEY)) keras.put("bias", DefaultParamInitializer.BIAS_KEY);
		}
		if (!w.keySet().equals(keras.keySet()))
			throw new InvalidInputException("Weight file " + source + ", layer '" + name + "': expected weights " + keras.keySet() + ", found " + w.keySet());
		for (Map.Entry<String, String> e : keras.entrySet()) {
			Tensor t = w.get(e.getKey());
			INDArray target = params.get(e.getValue());
			INDArray value = toDl4j(e.getKey(), t);
			// Keras vectors are (n,); DL4J's are (n) or (1, n).
			if (t.shape.length == 1 && target.isVector() && value.length() == target.length()) value = value.reshape(target.shape());
			if (!Arrays.equals(value.shape(), target.shape()))
				throw new InvalidInputException("Weight file " + source + ", layer '" + name + "', weight '" + e.getKey() + "': shape "
					+ Arrays.toString(t.shape) + " does not fit this network (it needs " + kerasShape(e.getKey(), target.shape()) + ")");
			target.assign(value);
		}
	}

	/** Keras conv kernels are (kh, kw, in, out); DL4J's are (out, in, kh, kw). Dense kernels are (in, out) in both. */
	static INDArray toDl4j(String param, Tensor t) {
		INDArray a = Nd4j.create(t.data, t.shape, 'c');
		if (param.equals("kernel") && t.shape.length == 4) return a.permute(3, 2, 0, 1).dup('c');
		return a;
	}

	private static String kerasShape(String param, long[] dl4j) {
		if (param.equals("kernel") && dl4j.length == 4) return Arrays.toString(new long[] {dl4j[2], dl4j[3], dl4j[1], dl4j[0]});
		if (dl4j.length == 2 && dl4j[0] == 1) return "[" + dl4j[1] + "]";
		if (dl4j.length == 1) return "[" + dl4j[0] + "]";
		return Arrays.toString(dl4j);
	}
}
