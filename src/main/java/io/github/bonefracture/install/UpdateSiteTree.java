package io.github.bonefracture.install;

import io.github.bonefracture.core.InvalidInputException;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * An upload-ready update-site tree, as Fiji's updater uploads one: every file
 * at its path with "-TIMESTAMP" appended, and db.xml.gz listing each with
 * the updater's checksum, size, timestamp and platform, the plugin jar
 * depending on the other platform-independent jars so that they arrive
 * together.
 */
public final class UpdateSiteTree {

	/** The document type Fiji's updater writes into and validates db.xml.gz against. */
	static final String DTD = "<!DOCTYPE pluginRecords [\n"
		+ "<!ELEMENT pluginRecords ((update-site | disabled-update-site)*, plugin*)>\n"
		+ "<!ELEMENT update-site EMPTY>\n"
		+ "<!ELEMENT disabled-update-site EMPTY>\n"
		+ "<!ELEMENT plugin (platform*, category*, version?, previous-version*)>\n"
		+ "<!ELEMENT version (description?, dependency*, link*, author*)>\n"
		+ "<!ELEMENT previous-version EMPTY>\n"
		+ "<!ELEMENT description (#PCDATA)>\n"
		+ "<!ELEMENT dependency EMPTY>\n"
		+ "<!ELEMENT link (#PCDATA)>\n"
		+ "<!ELEMENT author (#PCDATA)>\n"
		+ "<!ELEMENT platform (#PCDATA)>\n"
		+ "<!ELEMENT category (#PCDATA)>\n"
		+ "<!ATTLIST update-site name CDATA #REQUIRED>\n"
		+ "<!ATTLIST update-site url CDATA #REQUIRED>\n"
		+ "<!ATTLIST update-site ssh-host CDATA #IMPLIED>\n"
		+ "<!ATTLIST update-site upload-directory CDATA #IMPLIED>\n"
		+ "<!ATTLIST update-site description CDATA #IMPLIED>\n"
		+ "<!ATTLIST update-site maintainer CDATA #IMPLIED>\n"
		+ "<!ATTLIST update-site timestamp CDATA #REQUIRED>\n"
		+ "<!ATTLIST disabled-update-site name CDATA #REQUIRED>\n"
		+ "<!ATTLIST disabled-update-site url CDATA #REQUIRED>\n"
		+ "<!ATTLIST disabled-update-site ssh-host CDATA #IMPLIED>\n"
		+ "<!ATTLIST disabled-update-site upload-directory CDATA #IMPLIED>\n"
		+ "<!ATTLIST disabled-update-site description CDATA #IMPLIED>\n"
		+ "<!ATTLIST disabled-update-site maintainer CDATA #IMPLIED>\n"
		+ "<!ATTLIST disabled-update-site timestamp CDATA #REQUIRED>\n"
		+ "<!ATTLIST plugin update-site CDATA #IMPLIED>\n"
		+ "<!ATTLIST plugin filename CDATA #REQUIRED>\n"
		+ "<!ATTLIST plugin executable CDATA #IMPLIED>\n"
		+ "<!ATTLIST dependency filename CDATA #REQUIRED>\n"
		+ "<!ATTLIST dependency timestamp CDATA #IMPLIED>\n"
		+ "<!ATTLIST dependency overrides CDATA #IMPLIED>\n"
		+ "<!ATTLIST version timestamp CDATA #REQUIRED>\n"
		+ "<!ATTLIST version checksum CDATA #REQUIRED>\n"
		+ "<!ATTLIST version filesize CDATA #REQUIRED>\n"
		+ "<!ATTLIST previous-version filename CDATA #IMPLIED>\n"
		+ "<!ATTLIST previous-version timestamp CDATA #REQUIRED>\n"
		+ "<!ATTLIST previous-version timestamp-obsolete CDATA #IMPLIED>\n"
		+ "<!ATTLIST previous-version checksum CDATA #REQUIRED>]>\n";

	/** One file of the site. */
	public static final class Entry {
		public final String filename;
		public final String checksum;
		public final long size;
		public final String platform;

		Entry(String filename, String checksum, long size, String platform) {
			this.filename = filename;
			this.checksum = checksum;
			this.size = size;
			this.platform = platform;
		}
	}

	private UpdateSiteTree() {}

	/**
	 * Writes the tree for the files under app's jars/ and plugins/ that are not
	 * in fijiShips (paths relative to app, with '/').
	 *
	 * @param pluginJar the file name prefix of the plugin's own jar, which depends on the others
	 * @param timestamp yyyyMMddHHmmss
	 */
	public static List<Entry> write(Path app, Set<String> fijiShips, Path out, String pluginJar, String description, String timestamp) {
		if (!timestamp.matches("\\d{14}")) throw new InvalidInputException("Timestamp must be yyyyMMddHHmmss, got " + timestamp);
		List<Path> files = new ArrayList<>();
		for (String top : new String[] {"jars", "plugins"}) {
			Path dir = app.resolve(top);
			if (!Files.isDirectory(dir)) continue;
			try (Stream<Path> s = Files.walk(dir)) {
				files.addAll(s.filter(Files::isRegularFile).sorted().collect(Collectors.toList()));
			} catch (IOException e) {
				throw new InvalidInputException("Cannot list " + dir + ": " + e.getMessage(), e);
			}
		}
		List<Entry> entries = new ArrayList<>();
		try {
			for (Path f : files) {
				String rel = app.relativize(f).toString().replace('\\', '/');
				if (fijiShips.contains(rel)) continue;
				entries.add(new Entry(rel, UpdaterChecksum.of(rel, f), Files.size(f), platform(rel)));
				Path target = out.resolve(rel + "-" + timestamp);
				Files.createDirectories(target.getParent());
				Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
			}
			if (entries.stream().noneMatch(e -> e.filename.contains("/" + pluginJar)))
				throw new InvalidInputException("No " + pluginJar + "*.jar under " + app + ": install the plugin there first");
			writeDb(entries, out.resolve("db.xml.gz"), pluginJar, description, timestamp);
		} catch (IOException e) {
			throw new InvalidInputException("Cannot write the update site to " + out + ": " + e.getMessage(), e);
		}
		return entries;
	}

	static String platform(String rel) {
		for (String p : new String[] {"linux32", "linux64", "win32", "win64", "macosx"})
			if (rel.startsWith("jars/" + p + "/") || rel.startsWith("lib/" + p + "/")) return p;
		return null;
	}

	private static void writeDb(List<Entry> entries, Path db, String pluginJar, String description, String timestamp) throws IOException {
		io.github.bonefracture.core.OutputFiles.writeStream(db, out -> {
			GZIPOutputStream o = new GZIPOutputStream(out);
			Writer w = new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8);
			w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
			w.write(DTD);
			w.write("<pluginRecords>\n");
			for (Entry e : entries) {
				w.write("    <plugin filename=\"" + xml(e.filename) + "\">\n");
				if (e.platform != null) w.write("        <platform>" + e.platform + "</platform>\n");
				w.write("        <version checksum=\"" + e.checksum + "\" filesize=\"" + e.size + "\" timestamp=\"" + timestamp + "\">\n");
				boolean plugin = e.filename.contains("/" + pluginJar);
				if (plugin) {
					w.write("            <description>" + xml(description) + "</description>\n");
					// Platform files are installed by platform, not pulled in by a dependency.
					for (Entry d : entries)
						if (d != e && d.platform == null) w.write("            <dependency filename=\"" + xml(d.filename) + "\" timestamp=\"" + timestamp + "\"/>\n");
				}
				w.write("        </version>\n");
				w.write("    </plugin>\n");
			}
			w.write("</pluginRecords>\n");
			w.flush();
			o.finish();
		});
	}

	private static String xml(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}
