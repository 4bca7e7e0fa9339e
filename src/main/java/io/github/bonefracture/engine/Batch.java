package io.github.bonefracture.engine;

/**
 * A batch of network input as every backend takes it: values in C order and
 * their shape, [n, c, h, w] for images or [n, width] for pooled features.
 */
final class Batch {
	final float[] values;
	final long[] shape;

	Batch(float[] values, long... shape) {
		long count = 1;
		for (long s : shape) count *= s;
		if (count != values.length) throw new IllegalArgumentException(values.length + " values for shape " + java.util.Arrays.toString(shape));
		this.values = values;
		this.shape = shape;
	}

	/** Rows of equal width (one image's pooled features each) as one batch. */
	static Batch ofRows(float[][] rows) {
		int width = rows.length == 0 ? 0 : rows[0].length;
		float[] v = new float[rows.length * width];
		for (int k = 0; k < rows.length; k++) System.arraycopy(rows[k], 0, v, k * width, width);
		return new Batch(v, rows.length, width);
	}

	/** Images in it. */
	int size() {
		return (int) shape[0];
	}
}
