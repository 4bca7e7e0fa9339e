package io.github.bonefracture.nets;

import io.github.bonefracture.core.InvalidInputException;

import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
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

import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_RDONLY;
import static org.bytedeco.hdf5.global.hdf5.H5O_TYPE_DATASET;
import static org.bytedeco.hdf5.global.hdf5.H5O_TYPE_GROUP;

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

	/** Every dataset in an HDF5 file, by its full path, as float32. */
	public static Map<String, Tensor> datasets(Path file) {
		if (!Files.isRegularFile(file)) throw new InvalidInputException("Weight file not found: " + file);
		Loader.load(org.bytedeco.hdf5.global.hdf5.class);
		org.bytedeco.hdf5.Exception.dontPrint();
		Map<String, Tensor> datasets = new TreeMap<>();
		H5File h5;
		try {
			h5 = new H5File(file.toString(), H5F_ACC_RDONLY());
		} catch (RuntimeException e) {
			throw new InvalidInputException("Weight file " + file + " is not a readable HDF5 file (" + e.getMessage() + ")", e);
		}
		try {
			Group root = h5.openGroup("/");
			try {
				walk(root, "", datasets, file);
			} finally {
				root._close();
			}
		} catch (RuntimeException e) {
			if (e instanceof InvalidInputException) throw e;
			throw new InvalidInputException("Weight file " + file + " is damaged (" + e.getMessage() + ")", e);
		} finally {
			h5._close();
		}
		return datasets;
	}

	private static void walk(Group g, String prefix, Map<String, Tensor> out, Path file) {
		long n = g.getNumObjs();
		for (long i = 0; i < n; i++) {
			String name = g.getObjnameByIdx(i).getString();
			int type = g.childObjType(new org.bytedeco.javacpp.BytePointer(name));
			String path = prefix.isEmpty() ? name : prefix + "/" + name;
			if (type == H5O_TYPE_GROUP) {
				Group child = g.openGroup(name);
				try {
					walk(child, path, out, file);
				} finally {
					child._close();
				}
			} else if (type == H5O_TYPE_DATASET) {
				DataSet ds = g.openDataSet(name);
				try {
					DataSpace space = ds.getSpace();
					int rank = space.getSimpleExtentNdims();
					long[] dims = new long[rank];
					if (rank > 0) space.getSimpleExtentDims(dims);
					space._close();
					long count = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
					if (count > Integer.MAX_VALUE) throw new InvalidInputException("Weight file " + file + ": dataset " + path + " is too large");
					float[] data = new float[(int) count];
					FloatPointer fp = new FloatPointer(count);
					try {
						ds.read(fp, PredType.NATIVE_FLOAT());
						fp.get(data);
					} finally {
						fp.close();
					}
					out.put(path, new Tensor(dims, data));
				} finally {
					ds._close();
				}
			}
		}
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
