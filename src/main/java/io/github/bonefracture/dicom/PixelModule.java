package io.github.bonefracture.dicom;

import java.util.Locale;

/** The Image Pixel module's attributes (PS3.3 C.7.6.3), checked before any pixel is decoded. */
public final class PixelModule {
	public final int rows, columns, frames, samples, bitsAllocated, bitsStored, highBit;
	public final boolean signed;
	public final String photometric;
	/** 0: each pixel's samples together; 1: each sample's plane in turn. */
	public final int planar;

	PixelModule(DicomFile f) throws DicomException {
		rows = f.us(0x00280010, 0);
		columns = f.us(0x00280011, 0);
		double[] n = f.numbers(0x00280008);
		frames = n.length == 0 ? 1 : (int) n[0];
		samples = f.us(0x00280002, 1);
		bitsAllocated = f.us(0x00280100, 0);
		bitsStored = f.us(0x00280101, bitsAllocated);
		highBit = f.us(0x00280102, bitsStored - 1);
		signed = f.us(0x00280103, 0) == 1;
		String pi = f.string(0x00280004);
		photometric = pi.isEmpty() ? (samples == 3 ? "RGB" : "MONOCHROME2") : pi.toUpperCase(Locale.ROOT);
		planar = f.us(0x00280006, 0);
		if (rows < 1 || columns < 1) throw new DicomException("no image: Rows (0028,0010) and Columns (0028,0011) are " + rows + " and " + columns);
		if (frames < 1) throw new DicomException("Number of Frames (0028,0008) is " + frames);
		if (samples != 1 && samples != 3) throw new DicomException(samples + " samples per pixel (only 1, grey, and 3, colour, are images)");
		if (bitsAllocated != 1 && bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32)
			throw new DicomException("Bits Allocated (0028,0100) is " + bitsAllocated + " (1, 8, 16 or 32 expected)");
		if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated)
			throw new DicomException("Bits Stored " + bitsStored + " and High Bit " + highBit + " do not fit Bits Allocated " + bitsAllocated);
		if (!isGrey() && samples != 3) throw new DicomException("Photometric Interpretation " + photometric + " with one sample per pixel");
		if (isGrey() && samples != 1) throw new DicomException("Photometric Interpretation " + photometric + " with " + samples + " samples per pixel");
	}

	public boolean isGrey() {
		return photometric.startsWith("MONOCHROME");
	}

	public long pixels() {
		return (long) rows * columns;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%dx%d, %d frame(s), %s, %d of %d bits%s", columns, rows, frames, photometric, bitsStored, bitsAllocated,
			signed ? " signed" : "");
	}
}
