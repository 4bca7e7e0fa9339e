package io.github.bonefracture.dicom;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The first frame's samples as stored (before Bits Stored, sign and the
 * Modality LUT are applied), pixel by pixel with colour samples together,
 * whatever the transfer syntax; colour from a JPEG codec comes back as RGB.
 */
final class FrameDecoder {
	private FrameDecoder() {}

	/** Decoded samples and the photometric interpretation they are now in. */
	static final class Samples {
		final int[] values;
		final String photometric;

		Samples(int[] values, String photometric) {
			this.values = values;
			this.photometric = photometric;
		}
	}

	static Samples firstFrame(DicomFile f, PixelModule m) throws DicomException {
		DicomFile.Element pixels = f.get(DicomFile.PIXEL_DATA);
		if (pixels == null) throw new DicomException("no Pixel Data (7FE0,0010): not an image");
		TransferSyntax ts = f.syntax;
		if (!ts.encapsulated()) {
			if (pixels.value == null) throw new DicomException("Pixel Data is encapsulated in an uncompressed transfer syntax " + ts);
			return new Samples(unpack(pixels.value, m), m.photometric);
		}
		if (pixels.fragments == null) throw new DicomException("Pixel Data is not encapsulated, as " + ts + " requires");
		ByteBuffer frame = firstFrameBytes(pixels.fragments, m.frames);
		switch (ts.codec) {
			case RLE: return new Samples(RleDecoder.decode(frame, m), m.photometric);
			case JPEG_LOSSLESS: return new Samples(JpegLosslessDecoder.decode(frame, m), m.photometric);
			case JPEG_LS: return new Samples(JpegLsDecoder.decode(frame, m), m.photometric);
			// The JDK decodes 8-bit JPEG (colour too); 12-bit extended JPEG, grey in DICOM, is decoded here.
			case JPEG: return JpegDctDecoder.precision(frame) > 8 ? new Samples(JpegDctDecoder.decode(frame, m), m.photometric) : imageIo(frame, m, "JPEG", ts);
			case JPEG_2000: return imageIo(frame, m, "JPEG2000", ts);
			default: throw new IllegalStateException("no decoder for " + ts);
		}
	}

	/** The first frame of encapsulated pixel data: the fragments up to the offset table's second entry, or to the first end-of-image. */
	private static ByteBuffer firstFrameBytes(List<ByteBuffer> items, int frames) throws DicomException {
		if (items.size() < 2) throw new DicomException("encapsulated Pixel Data holds no fragment");
		ByteBuffer table = items.get(0);
		List<ByteBuffer> fragments = new ArrayList<>(items.subList(1, items.size()));
		List<ByteBuffer> first = new ArrayList<>();
		if (frames == 1) first = fragments;
		else if (table.remaining() >= 8) {
			long end = table.getInt(4) & 0xffffffffL, at = 0;
			for (ByteBuffer g : fragments) {
				if (at >= end) break;
				first.add(g);
				at += 8 + g.remaining();
			}
		} else {
			for (ByteBuffer g : fragments) {
				first.add(g);
				int n = g.limit();
				if (n >= 2 && (g.get(n - 2) & 0xff) == 0xFF && (g.get(n - 1) & 0xff) == 0xD9) break;
			}
		}
		int total = 0;
		for (ByteBuffer g : first) total += g.remaining();
		ByteBuffer out = ByteBuffer.allocate(total);
		for (ByteBuffer g : first) out.put(g.duplicate());
		out.flip();
		return out;
	}

	/** Native pixel data: 1, 8, 16 or 32 bits a sample in the data set's byte order; planar colour made pixel by pixel. */
	private static int[] unpack(ByteBuffer v, PixelModule m) throws DicomException {
		int pixels = (int) m.pixels(), n = pixels * m.samples;
		long need = m.bitsAllocated == 1 ? (n + 7) / 8 : (long) n * (m.bitsAllocated / 8);
		boolean ybr422 = m.photometric.equals("YBR_FULL_422");
		if (ybr422) need = (long) pixels * 2 * (m.bitsAllocated / 8);
		if (v.remaining() < need) throw new DicomException("Pixel Data has " + v.remaining() + " bytes; one frame of " + m + " needs " + need + " (truncated)");
		ByteBuffer b = v.duplicate().order(v.order());
		int[] out = new int[n];
		if (ybr422) return ybr422(b, m);
		for (int i = 0; i < n; i++) {
			switch (m.bitsAllocated) {
				case 1: out[i] = (b.get(i >> 3) >> (i & 7)) & 1; break;
				case 8: out[i] = b.get(i) & 0xff; break;
				case 16: out[i] = b.getShort(2 * i) & 0xffff; break;
				default: out[i] = b.getInt(4 * i); break;
			}
		}
		if (m.samples == 3 && m.planar == 1) {
			int[] interleaved = new int[n];
			for (int p = 0; p < pixels; p++) for (int s = 0; s < 3; s++) interleaved[p * 3 + s] = out[s * pixels + p];
			return interleaved;
		}
		return out;
	}

	/** YBR_FULL_422 (PS3.3 C.7.6.3.1.2): each pair of pixels stored as Y1 Y2 Cb Cr; made YBR_FULL, pixel by pixel. */
	private static int[] ybr422(ByteBuffer b, PixelModule m) throws DicomException {
		if (m.bitsAllocated != 8) throw new DicomException("YBR_FULL_422 with " + m.bitsAllocated + " bits is not read");
		int[] out = new int[(int) m.pixels() * 3];
		int i = 0;
		for (int y = 0; y < m.rows; y++)
			for (int x = 0; x < m.columns; x += 2) {
				int y1 = b.get(i++) & 0xff, y2 = b.get(i++) & 0xff, cb = b.get(i++) & 0xff, cr = b.get(i++) & 0xff;
				int p = (y * m.columns + x) * 3;
				out[p] = y1;
				out[p + 1] = cb;
				out[p + 2] = cr;
				if (x + 1 < m.columns) {
					out[p + 3] = y2;
					out[p + 4] = cb;
					out[p + 5] = cr;
				}
			}
		return out;
	}

	/** JPEG (baseline, extended 8-bit) and JPEG 2000 through ImageIO readers found by format name; colour comes back RGB. */
	private static Samples imageIo(ByteBuffer frame, PixelModule m, String format, TransferSyntax ts) throws DicomException {
		byte[] bytes = new byte[frame.remaining()];
		frame.duplicate().get(bytes);
		Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
		if (!readers.hasNext()) throw new DicomException("no " + format + " decoder in this Java for " + ts);
		ImageReader reader = readers.next();
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			reader.setInput(in, true, true);
			if (reader.getWidth(0) != m.columns || reader.getHeight(0) != m.rows)
				throw new DicomException("the " + format + " stream is " + reader.getWidth(0) + "x" + reader.getHeight(0) + "; the header says " + m);
			if (m.samples == 3) {
				BufferedImage img = reader.read(0);
				int[] out = new int[(int) m.pixels() * 3];
				for (int y = 0; y < m.rows; y++)
					for (int x = 0; x < m.columns; x++) {
						int rgb = img.getRGB(x, y), p = (y * m.columns + x) * 3;
						out[p] = (rgb >> 16) & 0xff;
						out[p + 1] = (rgb >> 8) & 0xff;
						out[p + 2] = rgb & 0xff;
					}
				return new Samples(out, "RGB");
			}
			Raster r = reader.readRaster(0, null);
			int[] out = new int[(int) m.pixels()];
			r.getSamples(r.getMinX(), r.getMinY(), m.columns, m.rows, 0, out);
			return new Samples(out, m.photometric);
		} catch (IOException | RuntimeException e) {
			throw new DicomException("the " + ts + " pixel data does not decode (" + e.getMessage() + ")");
		} finally {
			reader.dispose();
		}
	}
}
