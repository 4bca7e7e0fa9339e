package io.github.bonefracture.install;

import io.github.bonefracture.core.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;

import org.scijava.util.FileUtils;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The records of an update site's db.xml.gz, keyed as Fiji's updater keys
 * them: by file name with the version stripped (scijava-common's
 * FileUtils.stripFilenameVersion), so that jars/x-0.1.jar and jars/x-0.2.jar
 * are one file in two versions.
 */
public final class SiteDatabase {

	/** One uploaded version of a file. */
	public static final class Version {
		public final String filename;
		public final String checksum;
		public final String timestamp;
		/** When the file left the site; empty while it is still current. */
		public final String timestampObsolete;

		Version(String filename, String checksum, String timestamp, String timestampObsolete) {
			this.filename = filename;
			this.checksum = checksum;
			this.timestamp = timestamp;
			this.timestampObsolete = timestampObsolete;
		}
	}

	/** One file of the site: its current version (none once obsolete) and every earlier one. */
	public static final class Record {
		public final String filename;
		final Version current;
		public final long size;
		public final List<String> platforms;
		public final List<Version> previous;

		Record(String filename, Version current, long size, List<String> platforms, List<Version> previous) {
			this.filename = filename;
			this.current = current;
			this.size = size;
			this.platforms = List.copyOf(platforms);
			this.previous = List.copyOf(previous);
		}

		public Optional<Version> current() {
			return Optional.ofNullable(current);
		}

		/** The updater's hasPreviousVersion: the current or any earlier checksum. */
		public boolean knows(String checksum) {
			return (current != null && current.checksum.equals(checksum)) || previous.stream().anyMatch(v -> v.checksum.equals(checksum));
		}
	}

	private SiteDatabase() {}

	public static String key(String filename) {
		return FileUtils.stripFilenameVersion(filename);
	}

	/** The records of db, keyed by {@link #key}; empty when the site has no database yet. */
	public static Map<String, Record> read(Path db) {
		Map<String, Record> records = new LinkedHashMap<>();
		if (!Files.exists(db)) return records;
		try (InputStream in = new GZIPInputStream(Files.newInputStream(db))) {
			SAXParserFactory f = SAXParserFactory.newInstance();
			// The DTD is inline; nothing outside the file is fetched or expanded.
			f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			f.setFeature("http://xml.org/sax/features/external-general-entities", false);
			f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
			f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
			f.newSAXParser().parse(in, new Handler(records));
		} catch (IOException | SAXException | ParserConfigurationException e) {
			throw new InvalidInputException("Cannot read the update site's " + db + ": " + e.getMessage(), e);
		}
		return records;
	}

	private static final class Handler extends DefaultHandler {
		private final Map<String, Record> records;
		private String filename;
		private Version current;
		private long size;
		private final List<String> platforms = new ArrayList<>();
		private final List<Version> previous = new ArrayList<>();
		private final StringBuilder text = new StringBuilder();

		Handler(Map<String, Record> records) {
			this.records = records;
		}

		@Override
		public void startElement(String uri, String local, String q, Attributes a) throws SAXException {
			text.setLength(0);
			switch (q) {
				case "plugin":
					filename = required(a, "filename");
					current = null;
					size = 0;
					platforms.clear();
					previous.clear();
					break;
				case "version":
					current = new Version(filename, required(a, "checksum"), required(a, "timestamp"), "");
					size = Long.parseLong(required(a, "filesize"));
					break;
				case "previous-version":
					String name = a.getValue("filename");
					String obsolete = a.getValue("timestamp-obsolete");
					previous.add(new Version(name == null ? filename : name, required(a, "checksum"), required(a, "timestamp"),
						obsolete == null ? "" : obsolete));
					break;
				default:
			}
		}

		@Override
		public void characters(char[] ch, int start, int length) {
			text.append(ch, start, length);
		}

		@Override
		public void endElement(String uri, String local, String q) {
			if (q.equals("platform")) platforms.add(text.toString().trim());
			if (q.equals("plugin")) records.put(key(filename), new Record(filename, current, size, platforms, previous));
		}

		@Override
		public void error(SAXParseException e) throws SAXParseException {
			throw e;
		}

		private static String required(Attributes a, String name) throws SAXException {
			String v = a.getValue(name);
			if (v == null) throw new SAXException("an element lacks its " + name + " attribute");
			return v;
		}
	}
}
