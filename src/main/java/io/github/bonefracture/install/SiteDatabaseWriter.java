package io.github.bonefracture.install;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.github.bonefracture.core.OutputFiles;

/**
 * Writes db.xml.gz in the form Fiji's updater reads and validates: one plugin
 * element per file with its current version and previous versions, the
 * plugin jar depending on the other platform-independent jars so that they
 * arrive together.
 */
final class SiteDatabaseWriter {

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

	private SiteDatabaseWriter() {}

	static void write(Path db, List<UpdateSiteTree.Entry> entries, List<SiteDatabase.Record> obsolete, String pluginJar, String description)
		throws IOException {
		OutputFiles.writeStream(db, out -> {
			GZIPOutputStream o = new GZIPOutputStream(out);
			Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
			w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
			w.write(DTD);
			w.write("<pluginRecords>\n");
			for (UpdateSiteTree.Entry e : entries) {
				w.write("    <plugin filename=\"" + xml(e.filename) + "\">\n");
				if (e.platform.isPresent()) w.write("        <platform>" + xml(e.platform.get()) + "</platform>\n");
				w.write("        <version checksum=\"" + e.checksum + "\" filesize=\"" + e.size + "\" timestamp=\"" + e.timestamp + "\">\n");
				if (e.filename.contains("/" + pluginJar)) {
					w.write("            <description>" + xml(description) + "</description>\n");
					// Platform files are installed by platform, not pulled in by a dependency.
					for (UpdateSiteTree.Entry d : entries)
						if (d != e && d.platform.isEmpty())
							w.write("            <dependency filename=\"" + xml(SiteDatabase.key(d.filename)) + "\" timestamp=\"" + d.timestamp + "\"/>\n");
				}
				w.write("        </version>\n");
				previous(w, e.previous);
				w.write("    </plugin>\n");
			}
			for (SiteDatabase.Record r : obsolete) {
				w.write("    <plugin filename=\"" + xml(r.filename) + "\">\n");
				for (String p : r.platforms) w.write("        <platform>" + xml(p) + "</platform>\n");
				previous(w, r.previous);
				w.write("    </plugin>\n");
			}
			w.write("</pluginRecords>\n");
			w.flush();
			o.finish();
		});
	}

	private static void previous(Writer w, List<SiteDatabase.Version> versions) throws IOException {
		for (SiteDatabase.Version v : versions)
			w.write("        <previous-version filename=\"" + xml(v.filename) + "\" checksum=\"" + v.checksum + "\" timestamp=\"" + v.timestamp + "\""
				+ (v.timestampObsolete.isEmpty() ? "" : " timestamp-obsolete=\"" + v.timestampObsolete + "\"") + "/>\n");
	}

	private static String xml(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}
