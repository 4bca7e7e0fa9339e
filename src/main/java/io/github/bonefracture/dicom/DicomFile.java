package io.github.bonefracture.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A DICOM Part 10 file's data set, parsed as PS3.5 defines it (implicit and
 * explicit VR, little and big endian, deflated, encapsulated pixel data):
 * the attributes this plugin reads, with the top-level pixel data's place.
 * Values are kept as bytes and read on demand; sequences as lists of items.
 */
public final class DicomFile {

	static final int PIXEL_DATA = 0x7FE00010;
	private static final int ITEM = 0xFFFEE000, ITEM_END = 0xFFFEE00D, SEQUENCE_END = 0xFFFEE0DD;
	private static final long UNDEFINED = 0xFFFFFFFFL;
	/** VRs whose explicit header has two reserved bytes and a 4-byte length (PS3.5 7.1.2). */
	private static final Set<String> LONG_VR = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
	/** Implicit VR: the attributes read here that are sequences. */
	private static final Set<Integer> SEQUENCES = Set.of(0x00283000, 0x00283010, 0x00880200, 0x52009229, 0x52009230);

	/** One attribute: its value's bytes, or a sequence's items. */
	static final class Element {
		final String vr;
		final ByteBuffer value;
		final List<Map<Integer, Element>> items;
		/** Encapsulated pixel data: the items (offset table first, then fragments). */
		final List<ByteBuffer> fragments;

		Element(String vr, ByteBuffer value, List<Map<Integer, Element>> items, List<ByteBuffer> fragments) {
			this.vr = vr;
			this.value = value;
			this.items = items;
			this.fragments = fragments;
		}
	}

	public final TransferSyntax syntax;
	final Map<Integer, Element> elements;
	private final ByteOrder order;

	private DicomFile(TransferSyntax syntax, Map<Integer, Element> elements) {
		this.syntax = syntax;
		this.elements = elements;
		this.order = syntax.order();
	}

	public static DicomFile read(Path file) throws IOException {
		long size = Files.size(file);
		if (size > Integer.MAX_VALUE - 16) throw new DicomException("a DICOM file of " + size + " bytes is above what this reader takes (2 GB)");
		return parse(Files.readAllBytes(file));
	}

	static DicomFile parse(byte[] bytes) throws DicomException {
		if (bytes.length < 132 || bytes[128] != 'D' || bytes[129] != 'I' || bytes[130] != 'C' || bytes[131] != 'M')
			throw new DicomException("no DICM at byte 128 (not a DICOM Part 10 file)");
		ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		b.position(132);
		Map<Integer, Element> meta = new HashMap<>();
		// The file meta information is always explicit VR little endian, group 0002 only.
		while (b.remaining() >= 8 && (b.getShort(b.position()) & 0xffff) == 0x0002) element(b, true, meta);
		Element ts = meta.get(0x00020010);
		if (ts == null) throw new DicomException("no Transfer Syntax UID (0002,0010) in the file meta information");
		TransferSyntax syntax = TransferSyntax.of(text(ts.value));
		ByteBuffer data = b.slice();
		if (syntax == TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN) data = ByteBuffer.wrap(inflate(data));
		data.order(syntax.order());
		Map<Integer, Element> elements = new HashMap<>();
		try {
			while (data.remaining() >= 8) element(data, syntax.explicitVr(), elements);
		} catch (RuntimeException e) {
			throw new DicomException("damaged data set at byte " + data.position() + " (" + e + ")");
		}
		return new DicomFile(syntax, elements);
	}

	/** Reads one element at b's position into out; returns its tag. */
	private static int element(ByteBuffer b, boolean explicit, Map<Integer, Element> out) throws DicomException {
		int tag = tag(b);
		if (tag == ITEM_END || tag == SEQUENCE_END) {
			b.getInt();
			return tag;
		}
		String vr;
		long length;
		if (explicit && (tag >>> 16) != 0xFFFE) {
			vr = new String(new byte[] {b.get(), b.get()}, StandardCharsets.US_ASCII);
			if (LONG_VR.contains(vr)) {
				b.getShort();
				length = b.getInt() & 0xffffffffL;
			} else {
				length = b.getShort() & 0xffff;
			}
		} else {
			length = b.getInt() & 0xffffffffL;
			vr = SEQUENCES.contains(tag) ? "SQ" : "UN";
		}
		if (tag == PIXEL_DATA && length == UNDEFINED) {
			out.put(tag, new Element(vr, null, null, fragments(b)));
		} else if (vr.equals("SQ") || length == UNDEFINED) {
			// An UN of undefined length is a sequence whose items are implicit VR little endian (PS3.5 6.2.2, CP-246).
			out.put(tag, new Element("SQ", null, items(b, explicit && !vr.equals("UN"), length), null));
		} else {
			if (length > b.remaining()) throw new DicomException(String.format("attribute (%04X,%04X) says %d bytes, the file has %d left (truncated)",
				tag >>> 16, tag & 0xffff, length, b.remaining()));
			ByteBuffer v = b.slice().order(b.order());
			v.limit((int) length);
			b.position(b.position() + (int) length);
			out.put(tag, new Element(vr, v, null, null));
		}
		return tag;
	}

	private static List<Map<Integer, Element>> items(ByteBuffer b, boolean explicit, long length) throws DicomException {
		List<Map<Integer, Element>> items = new ArrayList<>();
		int end = length == UNDEFINED ? Integer.MAX_VALUE : b.position() + (int) length;
		while (b.position() < end && b.remaining() >= 8) {
			int tag = tag(b);
			long itemLength = b.getInt() & 0xffffffffL;
			if (tag == SEQUENCE_END) break;
			if (tag != ITEM) throw new DicomException(String.format("a sequence holds (%04X,%04X) where an item belongs", tag >>> 16, tag & 0xffff));
			Map<Integer, Element> item = new HashMap<>();
			int itemEnd = itemLength == UNDEFINED ? Integer.MAX_VALUE : b.position() + (int) itemLength;
			while (b.position() < itemEnd && b.remaining() >= 8)
				if (element(b, explicit, item) == ITEM_END) break;
			items.add(item);
		}
		return items;
	}

	private static List<ByteBuffer> fragments(ByteBuffer b) throws DicomException {
		List<ByteBuffer> f = new ArrayList<>();
		while (b.remaining() >= 8) {
			int tag = tag(b);
			int length = b.getInt();
			if (tag == SEQUENCE_END) return f;
			if (tag != ITEM || length < 0 || length > b.remaining()) throw new DicomException("damaged encapsulated pixel data (fragment " + f.size() + ")");
			ByteBuffer v = b.slice().order(b.order());
			v.limit(length);
			b.position(b.position() + length);
			f.add(v);
		}
		throw new DicomException("encapsulated pixel data without its end (truncated)");
	}

	private static int tag(ByteBuffer b) {
		int group = b.getShort() & 0xffff, element = b.getShort() & 0xffff;
		return (group << 16) | element;
	}

	private static byte[] inflate(ByteBuffer deflated) throws DicomException {
		byte[] in = new byte[deflated.remaining()];
		deflated.get(in);
		Inflater inflater = new Inflater(true);
		inflater.setInput(in);
		ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 4);
		byte[] buf = new byte[65536];
		try {
			while (!inflater.finished()) {
				int n = inflater.inflate(buf);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) throw new DicomException("deflated data set ends early (truncated)");
				out.write(buf, 0, n);
			}
		} catch (DataFormatException e) {
			throw new DicomException("deflated data set is damaged (" + e.getMessage() + ")");
		} finally {
			inflater.end();
		}
		return out.toByteArray();
	}

	static String text(ByteBuffer v) {
		ByteBuffer d = v.duplicate();
		byte[] s = new byte[d.remaining()];
		d.get(s);
		return new String(s, StandardCharsets.ISO_8859_1).replace("\0", "").trim();
	}

	boolean has(int tag) {
		return elements.containsKey(tag) && elements.get(tag).value != null && elements.get(tag).value.remaining() > 0;
	}

	/** An unsigned short attribute (US), or the default when absent. */
	int us(int tag, int absent) {
		return us(elements, tag, absent);
	}

	static int us(Map<Integer, Element> in, int tag, int absent) {
		Element e = in.get(tag);
		if (e == null || e.value == null || e.value.remaining() < 2) return absent;
		return e.value.getShort(0) & 0xffff;
	}

	String string(int tag) {
		Element e = elements.get(tag);
		return e == null || e.value == null ? "" : text(e.value);
	}

	/** The values of a decimal or integer string (DS, IS), or an empty array when absent. */
	double[] numbers(int tag) throws DicomException {
		String s = string(tag);
		if (s.isEmpty()) return new double[0];
		String[] parts = s.split("\\\\");
		double[] v = new double[parts.length];
		for (int i = 0; i < v.length; i++) {
			try {
				v[i] = Double.parseDouble(parts[i].trim());
			} catch (NumberFormatException e) {
				throw new DicomException(String.format("attribute (%04X,%04X) is not a number: '%s'", tag >>> 16, tag & 0xffff, s));
			}
			if (!Double.isFinite(v[i])) throw new DicomException(String.format("attribute (%04X,%04X) is not finite: '%s'", tag >>> 16, tag & 0xffff, s));
		}
		return v;
	}

	Element get(int tag) {
		return elements.get(tag);
	}

	ByteOrder order() {
		return order;
	}
}
