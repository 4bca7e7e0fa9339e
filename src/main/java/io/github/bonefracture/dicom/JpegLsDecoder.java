package io.github.bonefracture.dicom;

import java.nio.ByteBuffer;

/**
 * JPEG-LS (ITU-T T.87 | ISO/IEC 14495-1), lossless and near-lossless, one
 * grey component: context modelling with the median edge detector, Golomb
 * codes, run mode. No maintained pure-Java decoder is on Maven Central, so
 * it is written here from the standard; its output is checked against the
 * uncompressed pixels of files that dcmtk's and GDCM's encoders wrote.
 */
final class JpegLsDecoder {
	private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15};

	private final ByteBuffer in;
	private int pos, end;
	private int width, height, precision, near, maxVal, t1, t2, t3, reset = 64;
	private int range, qbpp, limit;
	private final int[] a = new int[367], b = new int[367], c = new int[367], n = new int[367], nn = new int[367];
	private int runIndex;
	private int byteBits, bitsLeft;
	private boolean afterFF;

	private JpegLsDecoder(ByteBuffer in) {
		this.in = in;
	}

	static int[] decode(ByteBuffer frame, PixelModule m) throws DicomException {
		JpegLsDecoder d = new JpegLsDecoder(frame.duplicate());
		try {
			int[] out = d.run();
			if (d.width != m.columns || d.height != m.rows)
				throw new DicomException("the JPEG-LS stream is " + d.width + "x" + d.height + "; the header says " + m);
			return out;
		} catch (IndexOutOfBoundsException e) {
			throw new DicomException("the JPEG-LS stream ends early (truncated)");
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
		end = in.limit();
		if (u16() != 0xFFD8) throw new DicomException("the JPEG-LS stream does not start with SOI");
		int components = 0;
		while (true) {
			int marker = u16();
			int length = u16(), next = pos + length - 2;
			switch (marker) {
				case 0xFFF7:
					precision = u8();
					height = u16();
					width = u16();
					components = u8();
					if (components != 1) throw new DicomException("JPEG-LS with " + components + " components is not read (grey only)");
					break;
				case 0xFFF8:
					int id = u8();
					if (id != 1) throw new DicomException("JPEG-LS mapping tables (LSE " + id + ") are not read");
					maxVal = u16();
					t1 = u16();
					t2 = u16();
					t3 = u16();
					int r = u16();
					if (r != 0) reset = r;
					break;
				case 0xFFDD:
					throw new DicomException("JPEG-LS with restart intervals is not read");
				case 0xFFDA:
					if (components == 0) throw new DicomException("JPEG-LS scan before its SOF55 frame header");
					int ns = u8();
					u8();
					u8();
					near = u8();
					int ilv = u8(), pointTransform = u8() & 15;
					if (ns != 1 || ilv != 0) throw new DicomException("JPEG-LS scan of " + ns + " components, interleave " + ilv + " is not read");
					return scan(pointTransform);
				default:
					if (marker < 0xFF00) throw new DicomException(String.format("JPEG-LS stream damaged (no marker where %04X stands)", marker));
			}
			pos = next;
		}
	}

	private void parameters() throws DicomException {
		if (precision < 2 || precision > 16) throw new DicomException("JPEG-LS precision " + precision + " bits");
		if (maxVal == 0) maxVal = (1 << precision) - 1;
		range = (maxVal + 2 * near) / (2 * near + 1) + 1;
		qbpp = bits(range);
		int bpp = Math.max(2, bits(maxVal + 1));
		limit = 2 * (bpp + Math.max(8, bpp));
		// T.87 C.2.4.1.1: the default thresholds, for those the stream leaves at 0.
		int f1, f2, f3;
		if (maxVal >= 128) {
			int factor = (Math.min(maxVal, 4095) + 128) / 256;
			f1 = clamp(factor * (3 - 2) + 2 + 3 * near, near + 1);
			f2 = clamp(factor * (7 - 3) + 3 + 5 * near, f1);
			f3 = clamp(factor * (21 - 4) + 4 + 7 * near, f2);
		} else {
			int factor = 256 / (maxVal + 1);
			f1 = clamp(Math.max(2, 3 / factor + 3 * near), near + 1);
			f2 = clamp(Math.max(3, 7 / factor + 5 * near), f1);
			f3 = clamp(Math.max(4, 21 / factor + 7 * near), f2);
		}
		if (t1 == 0) t1 = f1;
		if (t2 == 0) t2 = f2;
		if (t3 == 0) t3 = f3;
		int a0 = Math.max(2, (range + 32) / 64);
		for (int i = 0; i < a.length; i++) {
			a[i] = a0;
			n[i] = 1;
		}
	}

	private int clamp(int i, int j) {
		return i > maxVal || i < j ? j : i;
	}

	private static int bits(int v) {
		int k = 0;
		while ((1L << k) < v) k++;
		return k;
	}

	private int[] scan(int pointTransform) throws DicomException {
		parameters();
		int[] out = new int[width * height];
		// Lines with one sample of margin at each end: index 0 is the sample left of the first, width + 1 right of the last.
		int[] prev = new int[width + 2], cur = new int[width + 2];
		for (int y = 0; y < height; y++) {
			prev[width + 1] = prev[width];
			cur[0] = prev[1];
			line(prev, cur);
			for (int x = 0; x < width; x++) out[y * width + x] = cur[x + 1] << pointTransform;
			int[] t = prev;
			prev = cur;
			cur = t;
		}
		return out;
	}

	private void line(int[] prev, int[] cur) throws DicomException {
		int x = 1;
		int rb = prev[0], rd = prev[1];
		while (x <= width) {
			int ra = cur[x - 1], rc = rb;
			rb = rd;
			rd = prev[x + 1];
			int qs = (quantize(rd - rb) * 9 + quantize(rb - rc)) * 9 + quantize(rc - ra);
			if (qs != 0) {
				cur[x] = regular(qs, predict(ra, rb, rc));
				x++;
			} else {
				x = runMode(x, prev, cur);
				if (x <= width + 1) {
					rb = prev[x - 1];
					rd = prev[Math.min(x, width + 1)];
				}
			}
		}
	}

	private int quantize(int d) {
		if (d <= -t3) return -4;
		if (d <= -t2) return -3;
		if (d <= -t1) return -2;
		if (d < -near) return -1;
		if (d <= near) return 0;
		if (d < t1) return 1;
		if (d < t2) return 2;
		if (d < t3) return 3;
		return 4;
	}

	private static int predict(int ra, int rb, int rc) {
		if (rc >= Math.max(ra, rb)) return Math.min(ra, rb);
		if (rc <= Math.min(ra, rb)) return Math.max(ra, rb);
		return ra + rb - rc;
	}

	private int regular(int qs, int prediction) throws DicomException {
		int sign = qs < 0 ? -1 : 1, q = Math.abs(qs);
		int k = 0;
		while ((n[q] << k) < a[q] && k < 24) k++;
		int px = Math.max(0, Math.min(maxVal, prediction + sign * c[q]));
		int mapped = golomb(k, limit);
		int err = (mapped & 1) == 0 ? mapped >> 1 : -((mapped + 1) >> 1);
		if (k == 0 && near == 0 && 2 * b[q] + n[q] - 1 < 0) err = -err - 1;
		update(q, err);
		return reconstruct(px + sign * err * (2 * near + 1));
	}

	private void update(int q, int err) {
		int aa = a[q] + Math.abs(err), bb = b[q] + err * (2 * near + 1), nq = n[q];
		if (nq == reset) {
			aa >>= 1;
			bb >>= 1;
			nq >>= 1;
		}
		a[q] = aa;
		nq++;
		n[q] = nq;
		if (bb + nq <= 0) {
			bb += nq;
			if (bb <= -nq) bb = -nq + 1;
			if (c[q] > -128) c[q]--;
		} else if (bb > 0) {
			bb -= nq;
			if (bb > 0) bb = 0;
			if (c[q] < 127) c[q]++;
		}
		b[q] = bb;
	}

	private int reconstruct(int v) {
		if (v < -near) v += range * (2 * near + 1);
		else if (v > maxVal + near) v -= range * (2 * near + 1);
		return Math.max(0, Math.min(maxVal, v));
	}

	/** Run mode from sample x (1-based in the line's margins); returns the index after the run and its interruption sample. */
	private int runMode(int x, int[] prev, int[] cur) throws DicomException {
		int ra = cur[x - 1], left = width - x + 1, length = 0;
		while (readBit() == 1) {
			int count = Math.min(1 << J[runIndex], left - length);
			length += count;
			if (count == 1 << J[runIndex]) runIndex = Math.min(31, runIndex + 1);
			if (length == left) break;
		}
		if (length != left && J[runIndex] > 0) length += readBits(J[runIndex]);
		if (length > left) throw new DicomException("JPEG-LS run longer than its line (damaged)");
		for (int i = 0; i < length; i++) cur[x + i] = ra;
		int at = x + length;
		if (length == left) return at;
		int rb = prev[at];
		if (Math.abs(ra - rb) <= near) cur[at] = reconstruct(ra + interruption(1) * (2 * near + 1));
		else cur[at] = reconstruct(rb + interruption(0) * (rb - ra < 0 ? -1 : 1) * (2 * near + 1));
		runIndex = Math.max(0, runIndex - 1);
		return at + 1;
	}

	/** The error of a run's interruption sample, from context 365 + type (T.87 A.7.2). */
	private int interruption(int type) throws DicomException {
		int q = 365 + type;
		int temp = a[q] + (n[q] >> 1) * type, k = 0;
		for (int t = n[q]; t < temp && k < 24; k++) t <<= 1;
		int mapped = golomb(k, limit - J[runIndex] - 1);
		int v = mapped + type;
		boolean map = (v & 1) != 0;
		int abs = (v + (map ? 1 : 0)) / 2;
		int err = ((k != 0 || 2 * nn[q] >= n[q]) == map) ? -abs : abs;
		if (err < 0) nn[q]++;
		a[q] += (mapped + 1 - type) >> 1;
		if (n[q] == reset) {
			a[q] >>= 1;
			n[q] >>= 1;
			nn[q] >>= 1;
		}
		n[q]++;
		return err;
	}

	private int golomb(int k, int lim) throws DicomException {
		int zeros = 0;
		while (readBit() == 0) {
			if (++zeros > 64) throw new DicomException("JPEG-LS stream damaged (code too long)");
		}
		if (zeros >= lim - (qbpp + 1)) return readBits(qbpp) + 1;
		return k == 0 ? zeros : (zeros << k) + readBits(k);
	}

	private int readBits(int count) throws DicomException {
		int v = 0;
		for (int i = 0; i < count; i++) v = (v << 1) | readBit();
		return v;
	}

	private int readBit() throws DicomException {
		if (bitsLeft == 0) {
			if (pos >= end) throw new DicomException("the JPEG-LS stream ends early (truncated)");
			int next = in.get(pos) & 0xff;
			if (afterFF && next >= 0x80) throw new DicomException("JPEG-LS scan ends before its last sample (damaged)");
			pos++;
			// T.87 9.1: after an FF byte, a stuffed 0 bit leads the next byte.
			bitsLeft = afterFF ? 7 : 8;
			byteBits = next;
			afterFF = next == 0xFF;
		}
		bitsLeft--;
		return (byteBits >> bitsLeft) & 1;
	}
}
