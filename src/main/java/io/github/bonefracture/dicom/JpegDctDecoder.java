package io.github.bonefracture.dicom;

import java.nio.ByteBuffer;

/**
 * Sequential DCT JPEG with Huffman coding (T.81 processes 1, 2 and 4) for
 * one grey component at 8 or 12 bits: DICOM's JPEG Extended for 12-bit
 * radiographs, which the JDK's reader (8 bits only) refuses. The inverse DCT
 * is computed in double precision and rounded, so samples agree with the
 * IJG library's integer transform to within one or two levels.
 */
final class JpegDctDecoder {
	private static final int[] ZIGZAG = {0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
		21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};
	private static final double[][] COS = new double[8][8];

	static {
		for (int x = 0; x < 8; x++)
			for (int u = 0; u < 8; u++) COS[x][u] = (u == 0 ? Math.sqrt(0.5) : 1) * Math.cos((2 * x + 1) * u * Math.PI / 16) / 2;
	}

	private final JpegStream s;
	private final int[][] quant = new int[4][];
	private int precision, width, height, quantTable = -1, restartInterval;

	private JpegDctDecoder(ByteBuffer in) {
		s = new JpegStream(in);
	}

	/** The sample precision the stream's frame header declares, read from its marker segments without decoding. */
	static int precision(ByteBuffer frame) throws DicomException {
		JpegStream header = new JpegStream(frame);
		int[] precision = {8};
		JpegStream.truncatedIsDamage(() -> {
			header.headers((marker, end) -> {
				if (JpegStream.isFrame(marker)) precision[0] = header.u8();
			});
			return precision;
		});
		return precision[0];
	}

	static int[] decode(ByteBuffer frame, PixelModule m) throws DicomException {
		JpegDctDecoder d = new JpegDctDecoder(frame);
		int[] out = JpegStream.truncatedIsDamage(d::run);
		if (d.width != m.columns || d.height != m.rows) throw new DicomException("the JPEG stream is " + d.width + "x" + d.height + "; the header says " + m);
		return out;
	}

	private int[] run() throws DicomException {
		s.headers((marker, end) -> {
			if (marker == 0xFFDB) readQuant(end);
			else if (marker == 0xFFC0 || marker == 0xFFC1) readFrame();
			else if (marker == 0xFFDD) restartInterval = s.u16();
			else if (JpegStream.isFrame(marker))
				throw new DicomException(String.format("JPEG process with SOF marker %04X is not read (sequential Huffman only)", marker));
		});
		return readScan();
	}

	private void readQuant(int end) {
		while (s.pos < end) {
			int pq = s.u8(), id = pq & 3;
			int[] q = new int[64];
			for (int k = 0; k < 64; k++) q[k] = (pq >> 4) == 0 ? s.u8() : s.u16();
			quant[id] = q;
		}
	}

	private void readFrame() throws DicomException {
		precision = s.u8();
		height = s.u16();
		width = s.u16();
		int components = s.u8();
		if (components != 1) throw new DicomException("JPEG with " + components + " components at " + precision + " bits is not read (grey only)");
		s.u8();
		s.u8();
		quantTable = s.u8() & 3;
		if (precision != 8 && precision != 12) throw new DicomException("JPEG DCT precision " + precision + " bits");
	}

	private int[] readScan() throws DicomException {
		if (quantTable < 0 || quant[quantTable] == null) throw new DicomException("JPEG scan without its frame header or quantization table");
		if (s.u8() != 1) throw new DicomException("JPEG scan of several components is not read");
		s.u8();
		int tables = s.u8(), dc = tables >> 4, ac = tables & 15;
		s.u8();
		s.u8();
		s.u8();
		if (!s.hasTable(0, dc) || !s.hasTable(1, ac)) throw new DicomException("JPEG scan uses a Huffman table that is not defined");
		int[] q = quant[quantTable];
		int blocksX = (width + 7) / 8, blocksY = (height + 7) / 8, max = (1 << precision) - 1, shift = 1 << (precision - 1);
		int[] out = new int[width * height];
		double[] coef = new double[64], row = new double[64];
		int predictor = 0, mcu = 0;
		for (int by = 0; by < blocksY; by++)
			for (int bx = 0; bx < blocksX; bx++) {
				if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
					s.restart();
					predictor = 0;
				}
				mcu++;
				java.util.Arrays.fill(coef, 0);
				predictor += s.extend(s.huffman(0, dc));
				coef[0] = predictor * (double) q[0];
				for (int k = 1; k < 64; k++) {
					int rs = s.huffman(1, ac), r = rs >> 4, size = rs & 15;
					if (size == 0) {
						if (r != 15) break;
						k += 15;
						continue;
					}
					k += r;
					if (k > 63) throw new DicomException("JPEG block with more than 64 coefficients (damaged)");
					coef[ZIGZAG[k]] = s.extend(size) * (double) q[k];
				}
				idct(coef, row);
				for (int y = 0; y < 8; y++)
					for (int x = 0; x < 8; x++) {
						int px = bx * 8 + x, py = by * 8 + y;
						if (px < width && py < height) out[py * width + px] = (int) Math.max(0, Math.min(max, Math.round(row[y * 8 + x] + shift)));
					}
			}
		return out;
	}

	/** The 8x8 inverse DCT (T.81 A.3.3), rows then columns. */
	private static void idct(double[] f, double[] out) {
		double[] tmp = new double[64];
		for (int v = 0; v < 8; v++)
			for (int x = 0; x < 8; x++) {
				double sum = 0;
				for (int u = 0; u < 8; u++) sum += COS[x][u] * f[v * 8 + u];
				tmp[v * 8 + x] = sum;
			}
		for (int x = 0; x < 8; x++)
			for (int y = 0; y < 8; y++) {
				double sum = 0;
				for (int v = 0; v < 8; v++) sum += COS[y][v] * tmp[v * 8 + x];
				out[y * 8 + x] = sum;
			}
	}
}
