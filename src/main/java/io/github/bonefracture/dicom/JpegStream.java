package io.github.bonefracture.dicom;

import java.nio.ByteBuffer;

/**
 * What the Huffman-coded JPEG processes share (ITU-T T.81): reading marker
 * segments, Huffman tables (annex C), the entropy-coded bits with their
 * stuffed zero bytes and restart markers (F.2.2.5), and the sign extension
 * of a difference or coefficient (F.2.2.1).
 */
final class JpegStream {
	final ByteBuffer in;
	int pos;
	private final int[][] values = new int[8][], maxCode = new int[8][], valPtr = new int[8][], minCode = new int[8][];
	private int bitBuffer, bitCount;
	private boolean markerHit;

	JpegStream(ByteBuffer frame) {
		in = frame.duplicate();
		pos = in.position();
	}

	/** A decoder's reading of one marker segment (all but DHT, which this stream reads); end is where the segment ends. */
	interface Segment {
		void read(int marker, int end) throws DicomException;
	}

	/** A decoding whose running past the stream's end is a truncated stream. */
	interface Decoding {
		int[] run() throws DicomException;
	}

	static int[] truncatedIsDamage(Decoding d) throws DicomException {
		try {
			return d.run();
		} catch (IndexOutOfBoundsException e) {
			throw new DicomException("the JPEG stream ends early (truncated)");
		}
	}

	/** From SOI to the start of the first scan: Huffman tables read here, every other segment by the decoder. */
	void headers(Segment decoder) throws DicomException {
		if (u16() != 0xFFD8) throw new DicomException("the JPEG stream does not start with SOI");
		while (true) {
			int marker = marker();
			int length = u16(), next = pos + length - 2;
			if (marker == 0xFFDA) return;
			if (marker == 0xFFC4) readHuffman(next);
			else decoder.read(marker, next);
			pos = next;
		}
	}

	/** Whether a marker starts a frame (SOF0 to SOF15 but DHT, JPG and DAC). */
	static boolean isFrame(int marker) {
		return marker >= 0xFFC0 && marker <= 0xFFCF && marker != 0xFFC4 && marker != 0xFFC8 && marker != 0xFFCC;
	}

	int u8() {
		return in.get(pos++) & 0xff;
	}

	int u16() {
		return (u8() << 8) | u8();
	}

	/** The next marker, after any fill bytes. */
	int marker() {
		int m = u16();
		while (m == 0xFFFF) m = 0xFF00 | u8();
		return m;
	}

	/** A DHT segment up to end: each table by class (0 DC or lossless, 1 AC) and id. */
	void readHuffman(int end) {
		while (pos < end) {
			int tc = u8(), slot = ((tc >> 4) & 1) * 4 + (tc & 3);
			int[] counts = new int[17];
			int total = 0;
			for (int l = 1; l <= 16; l++) total += counts[l] = u8();
			int[] v = new int[total];
			for (int i = 0; i < total; i++) v[i] = u8();
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
			values[slot] = v;
			maxCode[slot] = max;
			minCode[slot] = min;
			valPtr[slot] = ptr;
		}
	}

	boolean hasTable(int tableClass, int id) {
		return values[tableClass * 4 + id] != null;
	}

	/** One Huffman-coded value from table (class, id). */
	int huffman(int tableClass, int id) throws DicomException {
		int slot = tableClass * 4 + id, code = 0;
		int[] max = maxCode[slot];
		for (int l = 1; l <= 16; l++) {
			code = (code << 1) | bits(1);
			if (code <= max[l]) return values[slot][valPtr[slot][l] + code - minCode[slot][l]];
		}
		throw new DicomException("JPEG stream holds a code no Huffman table defines (damaged)");
	}

	/** A value of s bits, extended to its sign (T.81 F.2.2.1). */
	int extend(int s) throws DicomException {
		if (s == 0) return 0;
		int v = bits(s);
		return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
	}

	int bits(int n) throws DicomException {
		while (bitCount < n) {
			int b = 0;
			if (!markerHit) {
				if (pos >= in.limit()) throw new DicomException("the JPEG stream ends early (truncated)");
				b = u8();
				if (b == 0xFF) {
					int next = in.get(pos) & 0xff;
					if (next == 0) pos++;
					else {
						// A marker: no more data bits before it; zeros stand in, as T.81 F.2.2.5 does.
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

	/** Skips to just after the next restart marker, dropping the bits left before it. */
	void restart() throws DicomException {
		bitCount = 0;
		bitBuffer = 0;
		markerHit = false;
		while (pos + 1 < in.limit() && !((in.get(pos) & 0xff) == 0xFF && (in.get(pos + 1) & 0xff) >= 0xD0 && (in.get(pos + 1) & 0xff) <= 0xD7)) pos++;
		if (pos + 1 >= in.limit()) throw new DicomException("JPEG stream lacks a restart marker it announces");
		pos += 2;
	}
}
