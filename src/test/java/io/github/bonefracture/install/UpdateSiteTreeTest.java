package io.github.bonefracture.install;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.GZIPInputStream;

import javax.xml.parsers.SAXParserFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
		assertEquals(List.of("jars/nd4j-api-1.0.0-M2.1.jar"), deps, "the plugin pulls in its libraries; natives come by platform");
		assertEquals(UpdaterChecksum.of("jars/bone-fracture-detection-0.1.0.jar", plugin), checksums.get(0));
	}
}
