package io.github.bonefracture.dicom;

import java.nio.ByteBuffer;

/**
 * JPEG lossless, process 14 (ITU-T T.81 annex H): Huffman-coded differences
 * from one of seven predictors, any precision from 2 to 16 bits, restart
 * intervals, a point transform. No well-kept pure-Java library on Maven
 * Central decodes it without registering itself as the JVM's JPEG reader
 * (which would change how Fiji opens every JPEG), so it is written here.
 */
final class JpegLosslessDecoder {

	private final ByteBuffer in;
	private final int[][] huffValues = new int[4][];
	private final int[][] maxCode = new int[4][], valPtr = new int[4][], minCode = new int[4][];
	private int precision, width, height, components, restartInterval;
	private int[] componentIds;
	private int pos, bitBuffer, bitCount;
	private boolean markerHit;

	private JpegLosslessDecoder(ByteBuffer in) {
		this.in = in;
	}

	/** The frame's samples, pixel by pixel (components interleaved), as stored (point transform undone). */
	static int[] decode(ByteBuffer frame, PixelModule m) throws DicomException {
		JpegLosslessDecoder d = new JpegLosslessDecoder(frame.duplicate());
		try {
			int[] out = d.run();
			if (d.width != m.columns || d.height != m.rows || d.components != m.samples)
				throw new DicomException("the JPEG stream is " + d.width + "x" + d.height + " with " + d.components + " component(s); the header says " + m);
			return out;
		} catch (IndexOutOfBoundsException e) {
			throw new DicomException("the JPEG lossless stream ends early (truncated)");
		}
	}

	private int u8() {
		return in.get(pos++) & 0xff;
	}

	private int u16() {
		return (u8() << 8) | u8();
	}

	private int[] run() throws DicomException {
		pos = in.position();
		if (u16() != 0xFFD8) throw new DicomException("the JPEG stream does not start with SOI");
		while (true) {
			int marker = u16();
			while (marker == 0xFFFF) marker = 0xFF00 | u8();
			int length = u16(), next = pos + length - 2;
			switch (marker) {
				case 0xFFC4: readHuffman(next); break;
				case 0xFFC3: readFrame(); break;
				case 0xFFDD: restartInterval = u16(); break;
				case 0xFFDA: return readScan();
				default:
					if (marker >= 0xFFC0 && marker <= 0xFFCF && marker != 0xFFC4 && marker != 0xFFC8 && marker != 0xFFCC)
						throw new DicomException(String.format("JPEG process with SOF marker %04X in a lossless (process 14) transfer syntax", marker));
			}
			pos = next;
		}
	}

	private void readHuffman(int end) {
		while (pos < end) {
			int tc = u8(), id = tc & 3;
			int[] counts = new int[17];
			int total = 0;
			for (int l = 1; l <= 16; l++) total += counts[l] = u8();
			int[] values = new int[total];
			for (int i = 0; i < total; i++) values[i] = u8();
			int[] max = new int[18], min = new int[17], ptr = new int[17];
			int code = 0, k = 0;
			for (int l = 1; l <= 16; l++) {
				ptr[l] = k;
				min[l] = code;
				code += counts[l];
				k += counts[l];
				max[l] = counts[l] == 0 ? -1 : code - 1;
				code <<= 1;
			}
			huffValues[id] = values;
			maxCode[id] = max;
			minCode[id] = min;
			valPtr[id] = ptr;
		}
	}

	private void readFrame() throws DicomException {
		precision = u8();
		height = u16();
		width = u16();
		components = u8();
		componentIds = new int[components];
		for (int c = 0; c < components; c++) {
			componentIds[c] = u8();
			int sampling = u8();
			u8();
			if (sampling != 0x11) throw new DicomException("JPEG lossless with subsampled components is not read");
		}
		if (precision < 2 || precision > 16) throw new DicomException("JPEG lossless precision " + precision + " bits");
		if ((long) width * height > Integer.MAX_VALUE / Math.max(1, components)) throw new DicomException("JPEG frame too large");
	}

	private int[] readScan() throws DicomException {
		if (componentIds == null) throw new DicomException("JPEG scan before its SOF3 frame header");
		int ns = u8();
		if (ns != components) throw new DicomException("JPEG lossless with " + ns + " of " + components + " components in a scan is not read");
		int[] table = new int[ns];
		for (int c = 0; c < ns; c++) {
			u8();
			table[c] = u8() >> 4;
			if (huffValues[table[c]] == null) throw new DicomException("JPEG scan uses Huffman table " + table[c] + ", which is not defined");
		}
		int predictor = u8();
		u8();
		int pointTransform = u8() & 15;
		if (predictor < 1 || predictor > 7) throw new DicomException("JPEG lossless predictor (selection value) " + predictor);
		int[] out = new int[width * height * ns];
		int mask = (1 << (precision - pointTransform)) - 1, initial = 1 << (precision - pointTransform - 1);
		int sinceRestart = 0, restartRow = 0;
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				if (restartInterval > 0 && sinceRestart == restartInterval) {
					restart();
					sinceRestart = 0;
					restartRow = y;
				}
				// T.81 H.1.2.1: the interval's first sample from the default, the rest of its first line from the left.
				boolean first = sinceRestart == 0;
				for (int c = 0; c < ns; c++) {
					int i = (y * width + x) * ns + c;
					int px;
					if (first) px = initial;
					else if (y == restartRow) px = out[i - ns];
					else if (x == 0) px = out[i - width * ns];
					else px = predict(predictor, out[i - ns], out[i - width * ns], out[i - width * ns - ns]);
					out[i] = (px + difference(table[c])) & mask;
				}
				sinceRestart++;
			}
		}
		if (pointTransform > 0) for (int i = 0; i < out.length; i++) out[i] <<= pointTransform;
		return out;
	}

	private static int predict(int sv, int a, int b, int c) {
		switch (sv) {
			case 1: return a;
			case 2: return b;
			case 3: return c;
			case 4: return a + b - c;
			case 5: return a + ((b - c) >> 1);
			case 6: return b + ((a - c) >> 1);
			default: return (a + b) / 2;
		}
	}

	private int difference(int t) throws DicomException {
		int ssss = huffman(t);
		if (ssss == 0) return 0;
		if (ssss == 16) return 32768;
		int v = bits(ssss);
		return v < (1 << (ssss - 1)) ? v - (1 << ssss) + 1 : v;
	}

	private int huffman(int t) throws DicomException {
		int code = 0;
		int[] max = maxCode[t];
		for (int l = 1; l <= 16; l++) {
			code = (code << 1) | bits(1);
			if (code <= max[l]) return huffValues[t][valPtr[t][l] + code - minCode[t][l]];
		}
		throw new DicomException("JPEG lossless stream holds a code no Huffman table defines (damaged)");
	}

	private int bits(int n) throws DicomException {
		while (bitCount < n) {
			int b = 0;
			if (!markerHit) {
				b = u8();
				if (b == 0xFF) {
					int next = in.get(pos) & 0xff;
					if (next == 0) pos++;
					else {
						// A marker: no more data bits in this interval; pad with zeros as T.81 F.2.2.5 does.
						markerHit = true;
						pos--;
						b = 0;
					}
				}
			}
			bitBuffer = (bitBuffer << 8) | b;
			bitCount += 8;
		}
		bitCount -= n;
		return (bitBuffer >> bitCount) & ((1 << n) - 1);
	}

	private void restart() throws DicomException {
		bitCount = 0;
		bitBuffer = 0;
		markerHit = false;
		while (pos + 1 < in.limit() && !((in.get(pos) & 0xff) == 0xFF && (in.get(pos + 1) & 0xff) >= 0xD0 && (in.get(pos + 1) & 0xff) <= 0xD7)) pos++;
		if (pos + 1 >= in.limit()) throw new DicomException("JPEG lossless stream lacks a restart marker it announces");
		pos += 2;
	}
}
