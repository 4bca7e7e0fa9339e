package io.github.bonefracture.core;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the parameter vector that {@code Nd4j.write} stores (its shape
 * buffer, then its data buffer, each as allocation mode, length and type
 * followed by big-endian values) without trusting any length in it: the data
 * must hold exactly the count the configuration declares, every value finite,
 * and nothing may follow. ND4J's own reader would allocate whatever the
 * header claims.
 */
public final class Coefficients {

	/** A shape buffer holds 2 * rank + 4 longs; ND4J's rank is at most 32. */
	private static final long MAX_SHAPE_INFO = 2 * 32 + 4;

	private Coefficients() {}

	public static float[] read(InputStream raw, long expected) throws IOException {
		DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
		try {
			long[] shapeInfo = shapeInfo(in);
			in.readUTF();
			long length = in.readLong();
			String type = in.readUTF();
			if (length != expected) throw new IOException("it holds " + length + " parameters, but the network's configuration has " + expected);
			long rank = shapeInfo[0];
			if (rank < 1 || rank > 32 || shapeInfo.length < 2 * rank + 4) throw new IOException("its shape header is damaged (rank " + rank + ")");
			long elements = 1;
			for (int i = 1; i <= rank; i++) {
				if (shapeInfo[i] < 0 || shapeInfo[i] > expected) throw new IOException("its shape header does not match its " + expected + " parameters");
				elements *= shapeInfo[i];
			}
			if (elements != expected) throw new IOException("its shape header does not match its " + expected + " parameters");
			float[] out = new float[(int) expected];
			boolean isDouble;
			switch (type) {
				case "FLOAT": isDouble = false; break;
				case "DOUBLE": isDouble = true; break;
				default: throw new IOException("its parameters are of type " + type + ", not FLOAT or DOUBLE");
			}
			int nonFinite = 0;
			int first = -1;
			for (int i = 0; i < out.length; i++) {
				float v = isDouble ? (float) in.readDouble() : in.readFloat();
				if (!Float.isFinite(v)) {
					if (nonFinite++ == 0) first = i;
				}
				out[i] = v;
			}
			if (nonFinite > 0)
				throw new IOException(nonFinite + " of its " + expected + " parameters are NaN or infinite (the first at index " + first
					+ "): a model that diverged in training or a damaged file");
			if (in.read() != -1) throw new IOException("data follows the parameters: the file is damaged");
			return out;
		} catch (EOFException e) {
			throw new IOException("it ends before all " + expected + " parameters (truncated)", e);
		}
	}

	private static long[] shapeInfo(DataInputStream in) throws IOException {
		in.readUTF();
		long n = in.readLong();
		String type = in.readUTF();
		if (n < 1 || n > MAX_SHAPE_INFO) throw new IOException("its shape header is damaged (length " + n + ")");
		long[] s = new long[(int) n];
		for (int i = 0; i < n; i++) {
			switch (type) {
				case "LONG": s[i] = in.readLong(); break;
				case "INT": s[i] = in.readInt(); break;
				default: throw new IOException("its shape header has type " + type);
			}
		}
		return s;
	}
}
