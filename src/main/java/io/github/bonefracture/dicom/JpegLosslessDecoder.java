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

	private final JpegStream s;
	private int precision, width, height, components, restartInterval;
	private int[] componentIds;

	private JpegLosslessDecoder(ByteBuffer in) {
		this.s = new JpegStream(in);
	}

	/** The frame's samples, pixel by pixel (components interleaved), as stored (point transform undone). */
	static int[] decode(ByteBuffer frame, PixelModule m) throws DicomException {
		JpegLosslessDecoder d = new JpegLosslessDecoder(frame);
		int[] out = JpegStream.truncatedIsDamage(d::run);
		if (d.width != m.columns || d.height != m.rows || d.components != m.samples)
			throw new DicomException("the JPEG stream is " + d.width + "x" + d.height + " with " + d.components + " component(s); the header says " + m);
		return out;
	}

	private int[] run() throws DicomException {
		s.headers((marker, end) -> {
			if (marker == 0xFFC3) readFrame();
			else if (marker == 0xFFDD) restartInterval = s.u16();
			else if (JpegStream.isFrame(marker))
				throw new DicomException(String.format("JPEG process with SOF marker %04X in a lossless (process 14) transfer syntax", marker));
		});
		return readScan();
	}

	private void readFrame() throws DicomException {
		precision = s.u8();
		height = s.u16();
		width = s.u16();
		components = s.u8();
		componentIds = new int[components];
		for (int c = 0; c < components; c++) {
			componentIds[c] = s.u8();
			int sampling = s.u8();
			s.u8();
			if (sampling != 0x11) throw new DicomException("JPEG lossless with subsampled components is not read");
		}
		if (precision < 2 || precision > 16) throw new DicomException("JPEG lossless precision " + precision + " bits");
		if ((long) width * height > Integer.MAX_VALUE / Math.max(1, components)) throw new DicomException("JPEG frame too large");
	}

	private int[] readScan() throws DicomException {
		if (componentIds == null) throw new DicomException("JPEG scan before its SOF3 frame header");
		int ns = s.u8();
		if (ns != components) throw new DicomException("JPEG lossless with " + ns + " of " + components + " components in a scan is not read");
		int[] table = new int[ns];
		for (int c = 0; c < ns; c++) {
			s.u8();
			table[c] = s.u8() >> 4;
			if (!s.hasTable(0, table[c])) throw new DicomException("JPEG scan uses Huffman table " + table[c] + ", which is not defined");
		}
		int predictor = s.u8();
		s.u8();
		int pointTransform = s.u8() & 15;
		if (predictor < 1 || predictor > 7) throw new DicomException("JPEG lossless predictor (selection value) " + predictor);
		int[] out = new int[width * height * ns];
		int mask = (1 << (precision - pointTransform)) - 1, initial = 1 << (precision - pointTransform - 1);
		int sinceRestart = 0, restartRow = 0;
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				if (restartInterval > 0 && sinceRestart == restartInterval) {
					s.restart();
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
					int ssss = s.huffman(0, table[c]);
					int diff = ssss == 16 ? 32768 : s.extend(ssss);
					out[i] = (px + diff) & mask;
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
}
