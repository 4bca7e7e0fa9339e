package io.github.bonefracture.dicom;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A DICOM file as the image a viewer shows before windowing (PS3.4 N.2):
 * stored values (Bits Stored, sign) through the Modality LUT (its sequence,
 * else Rescale Slope and Intercept), Pixel Padding Value kept out of the
 * intensity range, MONOCHROME1 or an INVERSE Presentation LUT Shape as an
 * inverting LUT, YBR colour made RGB. The VOI step (Window Center/Width, VOI
 * LUT Sequence) is not applied: the plugin's percentile window is its
 * documented default; the file's window is recorded in the image's info.
 * A multi-frame file gives its first frame, and says so in the info.
 */
public final class DicomImages {
	private DicomImages() {}

	/** The photometric interpretations read (JPEG and JPEG 2000 colour is decoded to RGB whatever the header says). */
	public static final List<String> PHOTOMETRIC = List.of("MONOCHROME1", "MONOCHROME2", "RGB", "YBR_FULL", "YBR_FULL_422", "YBR_RCT", "YBR_ICT");
	/** What a file of several frames gives, as the README states it. */
	public static final String MULTI_FRAME_POLICY = "the first frame is used, and the image's info says so";

	/** Width, height and frames as the header declares them, checked before any pixel is decoded. */
	public static long[] declaredSize(Path file) throws IOException {
		PixelModule m = new PixelModule(DicomFile.read(file));
		return new long[] {m.columns, m.rows, m.frames};
	}

	public static ImagePlus open(Path file) throws IOException {
		DicomFile f = DicomFile.read(file);
		PixelModule m = new PixelModule(f);
		FrameDecoder.Samples s = FrameDecoder.firstFrame(f, m);
		StringBuilder info = new StringBuilder();
		info.append("DICOM transfer syntax: ").append(f.syntax).append('\n');
		info.append("DICOM pixels: ").append(m).append('\n');
		if (m.frames > 1) info.append("DICOM frames: ").append(m.frames).append(": ").append(MULTI_FRAME_POLICY).append('\n');
		ImageProcessor ip = m.isGrey() ? grey(f, m, s.values, info) : colour(m, s);
		ImagePlus imp = new ImagePlus(file.getFileName().toString(), ip);
		imp.setProperty("Info", info.toString());
		return imp;
	}

	private static ImageProcessor grey(DicomFile f, PixelModule m, int[] raw, StringBuilder info) throws DicomException {
		int n = (int) m.pixels(), shift = m.highBit + 1 - m.bitsStored;
		long mask = (1L << m.bitsStored) - 1;
		int[] stored = new int[n];
		for (int i = 0; i < n; i++) {
			long v = ((raw[i] & 0xffffffffL) >>> shift) & mask;
			if (m.signed && m.bitsStored < 32 && (v >> (m.bitsStored - 1)) != 0) v -= 1L << m.bitsStored;
			stored[i] = (int) v;
		}
		ModalityLut lut = ModalityLut.of(f, m);
		info.append("DICOM modality LUT: ").append(lut).append('\n');
		double[] window = f.numbers(0x00281050), width = f.numbers(0x00281051);
		info.append("DICOM window: ").append(window.length > 0 && width.length > 0
			? String.format(Locale.ROOT, "centre %s, width %s in the file, not applied (the plugin's percentile window is used)", window[0], width[0])
			: "none in the file (the plugin's percentile window is used)").append('\n');
		DicomFile.Element voi = f.get(0x00283010);
		if (voi != null && voi.items != null && !voi.items.isEmpty()) info.append("DICOM VOI LUT Sequence: present, not applied (the plugin's percentile window is used)\n");
		java.util.Optional<boolean[]> padding = padding(f, m, stored, info);
		ImageProcessor ip;
		if (lut.isIdentity() && !m.signed && m.bitsStored <= 8 && padding.isEmpty()) {
			// 8-bit images are read as 0 to 255: fewer bits (1 for a bitmap) are spread over that range.
			int top = (1 << m.bitsStored) - 1;
			byte[] px = new byte[n];
			for (int i = 0; i < n; i++) px[i] = (byte) (stored[i] * 255 / top);
			ip = new ByteProcessor(m.columns, m.rows, px);
		} else if (lut.isIdentity() && !m.signed && m.bitsStored <= 16 && padding.isEmpty()) {
			short[] px = new short[n];
			for (int i = 0; i < n; i++) px[i] = (short) stored[i];
			ip = new ShortProcessor(m.columns, m.rows, px, null);
		} else {
			float[] px = new float[n];
			boolean[] padded = padding.orElseGet(() -> new boolean[n]);
			float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
			for (int i = 0; i < n; i++) {
				px[i] = (float) lut.apply(stored[i]);
				if (!padded[i]) {
					lo = Math.min(lo, px[i]);
					hi = Math.max(hi, px[i]);
				}
			}
			if (padding.isPresent() && lo <= hi) {
				// Padding takes the nearer end of the image's own range, so it cannot stretch the window.
				float pad = (float) lut.apply(padValue(f, m));
				float fill = Math.abs(pad - lo) <= Math.abs(pad - hi) ? lo : hi;
				for (int i = 0; i < n; i++) if (padded[i]) px[i] = fill;
			}
			ip = new FloatProcessor(m.columns, m.rows, px);
		}
		boolean inverse = m.photometric.equals("MONOCHROME1") ^ f.string(0x20500020).equalsIgnoreCase("INVERSE");
		if (inverse) ip.invertLut();
		info.append("DICOM shown: ").append(inverse ? "inverted (MONOCHROME1 or INVERSE presentation LUT)" : "as stored").append('\n');
		return ip;
	}

	private static int padValue(DicomFile f, PixelModule m) {
		int v = f.us(0x00280120, 0);
		return m.signed ? (short) v : v;
	}

	/** Which pixels hold the Pixel Padding Value (0028,0120); empty when the file declares none or no pixel holds it. */
	private static java.util.Optional<boolean[]> padding(DicomFile f, PixelModule m, int[] stored, StringBuilder info) {
		if (!f.has(0x00280120)) return java.util.Optional.empty();
		int pad = padValue(f, m);
		boolean[] p = new boolean[stored.length];
		int count = 0;
		for (int i = 0; i < stored.length; i++) if (stored[i] == pad) {
			p[i] = true;
			count++;
		}
		info.append("DICOM pixel padding: value ").append(pad).append(", ").append(count).append(" pixels kept out of the intensity range\n");
		return count == 0 ? java.util.Optional.empty() : java.util.Optional.of(p);
	}

	private static ImageProcessor colour(PixelModule m, FrameDecoder.Samples s) throws DicomException {
		if (m.bitsAllocated != 8) throw new DicomException("colour DICOM with " + m.bitsAllocated + " bits a sample is not read");
		int n = (int) m.pixels();
		int[] rgb = new int[n];
		// JPEG and JPEG 2000 colour (YBR_FULL_422, YBR_RCT, YBR_ICT in the header) comes out of its decoder as RGB.
		if (!s.photometric.equals("RGB") && !s.photometric.equals("YBR_FULL") && !s.photometric.equals("YBR_FULL_422"))
			throw new DicomException("Photometric Interpretation " + s.photometric + " is not read uncompressed (read: " + PHOTOMETRIC + ")");
		boolean ybr = s.photometric.startsWith("YBR_FULL");
		for (int i = 0; i < n; i++) {
			int a = s.values[3 * i], b = s.values[3 * i + 1], c = s.values[3 * i + 2];
			if (ybr) {
				// PS3.3 C.7.6.3.1.2, YBR_FULL: ITU-R BT.601 full range.
				double y = a, cb = b - 128, cr = c - 128;
				a = clamp(y + 1.402 * cr);
				b = clamp(y - 0.344136 * cb - 0.714136 * cr);
				c = clamp(y + 1.772 * cb);
			}
			rgb[i] = (a << 16) | (b << 8) | c;
		}
		return new ColorProcessor(m.columns, m.rows, rgb);
	}

	private static int clamp(double v) {
		return (int) Math.max(0, Math.min(255, Math.round(v)));
	}

	/** The Modality LUT (PS3.3 C.11.1): a lookup table from its sequence, or a straight line. */
	static final class ModalityLut {
		final double slope, intercept;
		final int[] table;
		final int firstMapped;

		private ModalityLut(double slope, double intercept, int[] table, int firstMapped) {
			this.slope = slope;
			this.intercept = intercept;
			this.table = table;
			this.firstMapped = firstMapped;
		}

		static ModalityLut of(DicomFile f, PixelModule m) throws DicomException {
			DicomFile.Element seq = f.get(0x00283000);
			if (seq != null && seq.items != null && !seq.items.isEmpty()) return table(seq.items.get(0), m, f);
			double[] s = f.numbers(0x00281053), i = f.numbers(0x00281052);
			double slope = s.length > 0 ? s[0] : 1, intercept = i.length > 0 ? i[0] : 0;
			if (slope == 0) throw new DicomException("Rescale Slope (0028,1053) is 0: every pixel would have one value");
			return new ModalityLut(slope, intercept, null, 0);
		}

		private static ModalityLut table(Map<Integer, DicomFile.Element> item, PixelModule m, DicomFile f) throws DicomException {
			DicomFile.Element d = item.get(0x00283002), data = item.get(0x00283006);
			if (d == null || d.value == null || d.value.remaining() < 6 || data == null || data.value == null)
				throw new DicomException("Modality LUT Sequence without its LUT Descriptor and LUT Data");
			ByteBuffer v = d.value;
			int entries = v.getShort(0) & 0xffff, bits = v.getShort(4) & 0xffff;
			int first = m.signed ? v.getShort(2) : v.getShort(2) & 0xffff;
			if (entries == 0) entries = 65536;
			boolean bytes = bits <= 8 && data.value.remaining() == entries;
			if (data.value.remaining() < (bytes ? entries : 2 * entries))
				throw new DicomException("Modality LUT Data holds fewer than its " + entries + " entries");
			int[] t = new int[entries];
			for (int k = 0; k < entries; k++) t[k] = bytes ? data.value.get(k) & 0xff : data.value.getShort(2 * k) & 0xffff;
			return new ModalityLut(1, 0, t, first);
		}

		boolean isIdentity() {
			return table == null && slope == 1 && intercept == 0;
		}

		double apply(int stored) {
			if (table == null) return stored * slope + intercept;
			int k = Math.max(0, Math.min(table.length - 1, stored - firstMapped));
			return table[k];
		}

		@Override
		public String toString() {
			if (table != null) return "lookup table of " + table.length + " entries from " + firstMapped;
			return String.format(Locale.ROOT, "rescale slope %s, intercept %s", slope, intercept);
		}
	}
}
