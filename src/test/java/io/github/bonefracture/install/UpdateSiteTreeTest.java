package io.github.bonefracture.install;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import javax.xml.parsers.SAXParserFactory;

import io.github.bonefracture.core.InvalidInputException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.util.FileUtils;
import org.xml.sax.Attributes;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

class UpdateSiteTreeTest {

	@TempDir
	Path dir;

	private Path jar(Path file, String builtBy, String propertiesComment, String classBytes) throws Exception {
		Files.createDirectories(file.getParent());
		Manifest m = new Manifest();
		m.getMainAttributes().putValue("Manifest-Version", "1.0");
		m.getMainAttributes().putValue("Built-By", builtBy);
		try (OutputStream o = Files.newOutputStream(file); JarOutputStream j = new JarOutputStream(o, m)) {
			j.putNextEntry(new JarEntry("META-INF/maven/x/pom.properties"));
			j.write(("#" + propertiesComment + "\nversion=1.0\n").getBytes(StandardCharsets.UTF_8));
			j.putNextEntry(new JarEntry("x/Foo.class"));
			j.write(classBytes.getBytes(StandardCharsets.UTF_8));
		}
		return file;
	}

	@Test
	void checksumIgnoresBuildNoiseButNotContent() throws Exception {
		String a = UpdaterChecksum.of("jars/a.jar", jar(dir.resolve("a1.jar"), "alice", "Mon Jan 1", "code"));
		String b = UpdaterChecksum.of("jars/a.jar", jar(dir.resolve("a2.jar"), "bob", "Tue Feb 2", "code"));
		String c = UpdaterChecksum.of("jars/a.jar", jar(dir.resolve("a3.jar"), "alice", "Mon Jan 1", "other code"));
		assertEquals(a, b, "manifest and .properties comments are not content");
		assertNotEquals(a, c);
		assertEquals(40, a.length());
		Path txt = Files.writeString(dir.resolve("x.txt"), "hello");
		assertNotEquals(UpdaterChecksum.of("macros/x.txt", txt), UpdaterChecksum.of("macros/y.txt", txt), "non-jar checksums include the path");
	}

	@Test
	void hashedLinesAreFilteredAsTheUpdaterDoes() {
		assertEquals("\nx=1\n", filter("#a\nx=1\n"));
		assertEquals("\n#x\n", filter("#\n#x\n"));
		assertEquals("a#b\n", filter("a#b\n"));
	}

	private static String filter(String s) {
		return new String(UpdaterChecksum.withoutHashedLines(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
	}

	@Test
	void treeHasTimestampedFilesAndAValidDatabase() throws Exception {
		Path app = dir.resolve("Fiji.app");
		jar(app.resolve("jars/ij-1.54p.jar"), "x", "c", "ij");
		Path plugin = jar(app.resolve("jars/bone-fracture-detection-0.1.0.jar"), "x", "c", "plugin");
		jar(app.resolve("jars/linux64/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar"), "x", "c", "native");
		jar(app.resolve("jars/nd4j-api-1.0.0-M2.1.jar"), "x", "c", "api");
		Path out = dir.resolve("site");
		List<UpdateSiteTree.Entry> entries = UpdateSiteTree.write(app, Set.of("jars/ij-1.54p.jar"), out, "bone-fracture-detection-",
			"Detect fractures & more", "20261127120000");
		assertEquals(3, entries.size(), "Fiji's own ij.jar is not uploaded");
		assertTrue(Files.exists(out.resolve("jars/bone-fracture-detection-0.1.0.jar-20261127120000")));
		assertTrue(Files.exists(out.resolve("jars/linux64/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar-20261127120000")));
		assertFalse(Files.exists(out.resolve("jars/ij-1.54p.jar-20261127120000")));

		List<String> plugins = new ArrayList<>(), platforms = new ArrayList<>(), deps = new ArrayList<>(), checksums = new ArrayList<>();
		SAXParserFactory f = SAXParserFactory.newInstance();
		f.setValidating(true);
		try (InputStream in = new GZIPInputStream(Files.newInputStream(out.resolve("db.xml.gz")))) {
			f.newSAXParser().parse(in, new DefaultHandler() {
				String text = "";

				@Override
				public void startElement(String uri, String local, String q, Attributes a) {
					if (q.equals("plugin")) plugins.add(a.getValue("filename"));
					if (q.equals("dependency")) deps.add(a.getValue("filename"));
					if (q.equals("version")) checksums.add(a.getValue("checksum"));
					text = "";
				}

				@Override
				public void characters(char[] ch, int start, int length) {
					text += new String(ch, start, length);
				}

				@Override
				public void endElement(String uri, String local, String q) {
					if (q.equals("platform")) platforms.add(text);
				}

				@Override
				public void error(SAXParseException e) throws SAXParseException {
					throw e;
				}
			});
		}
		assertEquals(List.of("jars/bone-fracture-detection-0.1.0.jar", "jars/linux64/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar",
			"jars/nd4j-api-1.0.0-M2.1.jar"), plugins);
		assertEquals(List.of("linux64"), platforms);
		assertEquals(List.of("jars/nd4j-api.jar"), deps, "the plugin pulls in its libraries, named without version as the updater keys them; natives come by platform");
		assertEquals(UpdaterChecksum.of("jars/bone-fracture-detection-0.1.0.jar", plugin), checksums.get(0));
	}

	/**
	 * Release 0.1, then 0.2 with a new plugin jar, a rebuilt linux64 native and
	 * one library dropped, judged by imagej-updater's rules as its sources state
	 * them: files are keyed by name with the version stripped (Checksummer.handle
	 * via FileUtils.stripFilenameVersion); a local checksum equal to the current
	 * one is INSTALLED, one among the current or previous versions
	 * (FileObject.hasPreviousVersion) is UPDATEABLE, any other is MODIFIED
	 * (FileObject.setLocalVersion); a record without a current version is
	 * OBSOLETE when the local file is a known version (FileObject.markRemoved).
	 */
	@Test
	void secondReleaseKeepsHistorySoTheFirstUpdatesCleanly() throws Exception {
		Path v1 = dir.resolve("v1/Fiji.app");
		jar(v1.resolve("jars/bone-fracture-detection-0.1.0.jar"), "x", "c", "plugin 0.1");
		jar(v1.resolve("jars/nd4j-api-1.0.0-M2.1.jar"), "x", "c", "api");
		jar(v1.resolve("jars/old-lib-2.3.jar"), "x", "c", "dropped in 0.2");
		jar(v1.resolve("jars/linux64/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar"), "x", "c", "linux native 1");
		jar(v1.resolve("jars/win64/nd4j-native-1.0.0-M2.1-windows-x86_64-onednn.jar"), "x", "c", "windows native");
		Path site = dir.resolve("site");
		UpdateSiteTree.write(v1, Set.of(), site, "bone-fracture-detection-", "d", "20261101000000");

		Path v2 = dir.resolve("v2/Fiji.app");
		jar(v2.resolve("jars/bone-fracture-detection-0.2.0.jar"), "x", "c", "plugin 0.2");
		jar(v2.resolve("jars/nd4j-api-1.0.0-M2.1.jar"), "someone else", "built later", "api");
		jar(v2.resolve("jars/linux64/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar"), "x", "c", "linux native 2");
		jar(v2.resolve("jars/win64/nd4j-native-1.0.0-M2.1-windows-x86_64-onednn.jar"), "x", "c", "windows native");
		List<UpdateSiteTree.Entry> entries = UpdateSiteTree.write(v2, Set.of(), site, "bone-fracture-detection-", "d", "20261201000000");

		validate(site.resolve("db.xml.gz"));
		assertEquals(List.of("jars/bone-fracture-detection-0.2.0.jar", "jars/linux64/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar"),
			entries.stream().filter(e -> e.uploaded).map(e -> e.filename).collect(java.util.stream.Collectors.toList()));
		assertTrue(Files.exists(site.resolve("jars/bone-fracture-detection-0.2.0.jar-20261201000000")));
		assertTrue(Files.exists(site.resolve("jars/linux64/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar-20261201000000")));
		assertFalse(Files.exists(site.resolve("jars/nd4j-api-1.0.0-M2.1.jar-20261201000000")), "an unchanged file is not uploaded again");
		assertFalse(Files.exists(site.resolve("jars/win64/nd4j-native-1.0.0-M2.1-windows-x86_64-onednn.jar-20261201000000")));

		Map<String, SiteDatabase.Record> db = SiteDatabase.read(site.resolve("db.xml.gz"));
		assertEquals("20261101000000", db.get("jars/nd4j-api.jar").current().get().timestamp, "an unchanged file keeps its upload");
		SiteDatabase.Version old = db.get("jars/bone-fracture-detection.jar").previous.get(0);
		assertEquals("jars/bone-fracture-detection-0.1.0.jar", old.filename, "the previous version names the file it was");
		assertEquals("20261101000000", old.timestamp);

		Map<String, String> status = new TreeMap<>();
		try (Stream<Path> files = Files.walk(v1)) {
			for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
				String rel = v1.relativize(f).toString().replace('\\', '/');
				status.put(rel, updaterStatus(db.get(FileUtils.stripFilenameVersion(rel)), UpdaterChecksum.of(rel, f)));
			}
		}
		assertEquals(Map.of("jars/bone-fracture-detection-0.1.0.jar", "UPDATEABLE", "jars/nd4j-api-1.0.0-M2.1.jar", "INSTALLED",
			"jars/old-lib-2.3.jar", "OBSOLETE", "jars/linux64/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar", "UPDATEABLE",
			"jars/win64/nd4j-native-1.0.0-M2.1-windows-x86_64-onednn.jar", "INSTALLED"), status);
		assertEquals("20261201000000", db.get("jars/old-lib.jar").previous.get(0).timestampObsolete);

		List<UpdateSiteTree.Entry> again = UpdateSiteTree.write(v2, Set.of(), site, "bone-fracture-detection-", "d", "20261202000000");
		assertTrue(again.stream().noneMatch(e -> e.uploaded), "re-running a release uploads nothing");
		Map<String, SiteDatabase.Record> db2 = SiteDatabase.read(site.resolve("db.xml.gz"));
		assertEquals(1, db2.get("jars/bone-fracture-detection.jar").previous.size(), "history is not duplicated");
		assertEquals(1, db2.get("jars/old-lib.jar").previous.size());
		assertTrue(db2.get("jars/old-lib.jar").current().isEmpty());
	}

	/** The updater's status of an installed file with this checksum (see the rules above). */
	private static String updaterStatus(SiteDatabase.Record record, String checksum) {
		if (record == null) return "LOCAL_ONLY";
		if (record.current().isEmpty()) return record.knows(checksum) ? "OBSOLETE" : "OBSOLETE_MODIFIED";
		if (record.current().get().checksum.equals(checksum)) return "INSTALLED";
		return record.knows(checksum) ? "UPDATEABLE" : "MODIFIED";
	}

	@Test
	void twoVersionsOfOneFileAreRefused() throws Exception {
		Path app = dir.resolve("Fiji.app");
		jar(app.resolve("jars/bone-fracture-detection-0.1.0.jar"), "x", "c", "p");
		jar(app.resolve("jars/nd4j-api-1.0.jar"), "x", "c", "a");
		jar(app.resolve("jars/nd4j-api-1.1.jar"), "x", "c", "b");
		InvalidInputException e = assertThrows(InvalidInputException.class,
			() -> UpdateSiteTree.write(app, Set.of(), dir.resolve("site"), "bone-fracture-detection-", "d", "20261101000000"));
		assertTrue(e.getMessage().contains("jars/nd4j-api-1.0.jar") && e.getMessage().contains("jars/nd4j-api-1.1.jar"), e.getMessage());
		assertFalse(Files.exists(dir.resolve("site/db.xml.gz")));
	}

	private static void validate(Path db) throws Exception {
		SAXParserFactory f = SAXParserFactory.newInstance();
		f.setValidating(true);
		try (InputStream in = new GZIPInputStream(Files.newInputStream(db))) {
			f.newSAXParser().parse(in, new DefaultHandler() {
				@Override
				public void error(SAXParseException e) throws SAXParseException {
					throw e;
				}
			});
		}
	}
}
