package io.github.bonefracture.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * DICOM RLE Lossless (PS3.5 G): a 64-byte header of up to 15 segment
 * offsets, each segment one byte plane (most significant byte first, sample
 * by sample) compressed with PackBits.
 */
final class RleDecoder {
	private RleDecoder() {}

	/** The frame's raw samples, pixel by pixel, each of bytesPerSample bytes composed most significant first. */
	static int[] decode(ByteBuffer frame, PixelModule m) throws DicomException {
		ByteBuffer b = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
		if (b.remaining() < 64) throw new DicomException("RLE frame shorter than its header");
		int segments = b.getInt(0), bytes = m.bitsAllocated / 8, pixels = (int) m.pixels();
		if (m.bitsAllocated < 8 || segments != bytes * m.samples)
			throw new DicomException("RLE frame has " + segments + " segments; " + m.samples + " samples of " + m.bitsAllocated + " bits need " + bytes * m.samples);
		int[] out = new int[pixels * m.samples];
		for (int s = 0; s < segments; s++) {
			int start = b.getInt(4 + 4 * s);
			int end = s + 1 < segments ? b.getInt(8 + 4 * s) : b.limit();
			if (start < 64 || end > b.limit() || end < start) throw new DicomException("RLE segment " + (s + 1) + " lies outside the frame");
			byte[] plane = packBits(b, start, end, pixels, s + 1);
			int sample = s / bytes, shift = 8 * (bytes - 1 - s % bytes);
			for (int p = 0; p < pixels; p++) out[p * m.samples + sample] |= (plane[p] & 0xff) << shift;
		}
		return out;
	}

	private static byte[] packBits(ByteBuffer b, int pos, int end, int size, int segment) throws DicomException {
		byte[] out = new byte[size];
		int o = 0;
		while (pos < end && o < size) {
			int n = b.get(pos++);
			if (n >= 0) {
				int count = Math.min(n + 1, size - o);
				if (pos + count > end) throw new DicomException("RLE segment " + segment + " ends inside a literal run");
				for (int i = 0; i < count; i++) out[o++] = b.get(pos + i);
				pos += n + 1;
			} else if (n != -128) {
				if (pos >= end) throw new DicomException("RLE segment " + segment + " ends inside a repeat run");
				byte v = b.get(pos++);
				for (int i = 0; i < 1 - n && o < size; i++) out[o++] = v;
			}
		}
		if (o < size) throw new DicomException("RLE segment " + segment + " decodes to " + o + " of " + size + " bytes");
		return out;
	}
}
