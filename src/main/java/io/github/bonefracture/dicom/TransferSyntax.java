package io.github.bonefracture.dicom;

import java.nio.ByteOrder;

/** The transfer syntaxes this package knows: how the data set is encoded, and how its pixels are compressed. */
public enum TransferSyntax {
	IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", "Implicit VR Little Endian", Codec.NATIVE),
	EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", "Explicit VR Little Endian", Codec.NATIVE),
	DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", Codec.NATIVE),
	EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", "Explicit VR Big Endian", Codec.NATIVE),
	JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", Codec.JPEG),
	JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", Codec.JPEG),
	JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", Codec.JPEG_LOSSLESS),
	JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1)",
		Codec.JPEG_LOSSLESS),
	JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", Codec.JPEG_LS),
	JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)", Codec.JPEG_LS),
	JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", Codec.JPEG_2000),
	JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", Codec.JPEG_2000),
	RLE_LOSSLESS("1.2.840.10008.1.2.5", "RLE Lossless", Codec.RLE);

	/** How the pixel data is compressed. */
	enum Codec { NATIVE, JPEG, JPEG_LOSSLESS, JPEG_LS, JPEG_2000, RLE }

	public final String uid;
	public final String title;
	final Codec codec;

	TransferSyntax(String uid, String title, Codec codec) {
		this.uid = uid;
		this.title = title;
		this.codec = codec;
	}

	boolean explicitVr() {
		return this != IMPLICIT_VR_LITTLE_ENDIAN;
	}

	ByteOrder order() {
		return this == EXPLICIT_VR_BIG_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
	}

	boolean encapsulated() {
		return codec != Codec.NATIVE;
	}

	/** The syntax of this UID; any other is refused with the UID and, for the standard's other syntaxes (PS3.6 Table A-1), its name. */
	static TransferSyntax of(String uid) throws DicomException {
		for (TransferSyntax t : values()) if (t.uid.equals(uid)) return t;
		String name = OTHERS.get(uid);
		throw new DicomException("transfer syntax " + uid + (name == null ? "" : " (" + name + ")")
			+ " is not one this plugin reads (see the README's table of DICOM transfer syntaxes)");
	}

	/** The standard's transfer syntaxes not read here, by UID: named in the refusal. */
	private static final java.util.Map<String, String> OTHERS = java.util.Map.ofEntries(
		java.util.Map.entry("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian"),
		java.util.Map.entry("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)"),
		java.util.Map.entry("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression"),
		java.util.Map.entry("1.2.840.10008.1.2.4.94", "JPIP Referenced"),
		java.util.Map.entry("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate"),
		java.util.Map.entry("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
		java.util.Map.entry("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"),
		java.util.Map.entry("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
		java.util.Map.entry("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1"),
		java.util.Map.entry("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1"),
		java.util.Map.entry("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1"),
		java.util.Map.entry("1.2.840.10008.1.2.4.110", "JPEG XL Lossless"),
		java.util.Map.entry("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression"),
		java.util.Map.entry("1.2.840.10008.1.2.4.112", "JPEG XL"),
		java.util.Map.entry("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"),
		java.util.Map.entry("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)"),
		java.util.Map.entry("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression"),
		java.util.Map.entry("1.2.840.10008.1.2.5.1", "SMPTE ST 2110-20 Uncompressed Progressive Active Video"));

	@Override
	public String toString() {
		return title + " (" + uid + ")";
	}
}
