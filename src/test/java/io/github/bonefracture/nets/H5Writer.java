package io.github.bonefracture.nets;

import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;

import java.nio.file.Path;
import java.util.Map;

import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;

/** Writes weights in Keras' layout, so tests can make damaged variants of a good file. */
final class H5Writer {
	private H5Writer() {}

	static void write(Path file, Map<String, Map<String, KerasWeights.Tensor>> layers) {
		try {
			Loader.load(org.bytedeco.hdf5.global.hdf5.class);
		} catch (UnsatisfiedLinkError e) {
			// JavaCPP's HDF5 has no ARM builds; the plugin itself reads weights with jHDF and needs none.
			org.junit.jupiter.api.Assumptions.assumeTrue(false, "JavaCPP's HDF5, which writes the test's weight files, cannot load here: " + e.getMessage());
		}
		H5File f = new H5File(file.toString(), H5F_ACC_TRUNC());
		try {
			for (Map.Entry<String, Map<String, KerasWeights.Tensor>> l : layers.entrySet()) {
				Group g = group(f, l.getKey());
				for (Map.Entry<String, KerasWeights.Tensor> w : l.getValue().entrySet()) {
					Group inner = group(g, l.getKey());
					KerasWeights.Tensor t = w.getValue();
					DataSpace space = new DataSpace(t.shape.length, t.shape);
					DataSet ds = inner.createDataSet(w.getKey() + ":0", PredType.NATIVE_FLOAT(), space);
					FloatPointer fp = new FloatPointer(t.data);
					ds.write(fp, PredType.NATIVE_FLOAT());
					fp.close();
					ds._close();
					space._close();
					inner._close();
				}
				g._close();
			}
		} finally {
			f._close();
		}
	}

	/** Opens or creates a group path such as "conv1/conv". */
	private static Group group(org.bytedeco.hdf5.H5Location parent, String path) {
		Group g = null;
		org.bytedeco.hdf5.H5Location at = parent;
		for (String part : path.split("/")) {
			Group next = at.nameExists(part) ? at.openGroup(part) : at.createGroup(part);
			if (g != null) g._close();
			g = next;
			at = next;
		}
		return g;
	}
}
