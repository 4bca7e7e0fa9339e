package io.github.bonefracture.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * NumPy's .npy format, version 1.0, for the float32 test tensors of a
 * BioImage.IO package: the magic string, a header dictionary padded so the
 * data starts on a 64-byte boundary, then the values little-endian in C order.
 */
final class Npy {
	private Npy() {}

	static byte[] float32(float[] data, long... shape) {
		long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
		if (n != data.length) throw new IllegalArgumentException(data.length + " values for shape " + Arrays.toString(shape));
		String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
		if (shape.length == 1) dims += ",";
		StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }");
		int prefix = 6 + 2 + 2;
		while ((prefix + header.length() + 1) % 64 != 0) header.append(' ');
		header.append('\n');
		byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
		ByteBuffer b = ByteBuffer.allocate(prefix + h.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
		b.asFloatBuffer().put(data);
		return b.array();
	}
}
