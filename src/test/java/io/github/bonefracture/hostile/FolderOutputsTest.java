package io.github.bonefracture.hostile;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.phantom.PhantomGenerator;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run writes for a user's folder, as a user meets it: names a
 * spreadsheet would execute, images that share a name but not a format, an
 * output folder inside the input, training's output folder, an evaluation
 * on one class only.
 */
class FolderOutputsTest {

	@TempDir
	static Path shared;
	static Path good, model;

	@TempDir
	Path dir;

	@BeforeAll
	static void tinyModel() throws Exception {
		good = shared.resolve("good");
		model = Hostile.tinyModel(good, shared.resolve("model.zip"));
	}

	private static List<CSVRecord> csv(Path file) throws Exception {
		try (Reader r = Files.newBufferedReader(file)) {
			return new ArrayList<>(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords());
		}
	}

	private Path image(String name) throws Exception {
		Path png = Files.list(good.resolve("Fracture")).sorted().findFirst().get();
		return Files.copy(png, dir.resolve("in").resolve(name));
	}

	@Test
	void namesASpreadsheetWouldRunAreEscaped() throws Exception {
		Files.createDirectories(dir.resolve("in"));
		for (String n : new String[] {"=HYPERLINK(1).png", "+1.png", "-2.png", "@SUM(A1).png"}) image(n);
		Path out = dir.resolve("out");
		Hostile.cli("detect", "-i", dir.resolve("in").toString(), "-m", model.toString(), "-o", out.toString()).expect(0);
		List<CSVRecord> rows = csv(out.resolve("detections.csv"));
		assertEquals(4, rows.size());
		// OWASP's CSV injection rule: a cell starting with = + - @ gets a leading apostrophe.
		for (CSVRecord r : rows) {
			char first = r.get("annotated").charAt(0);
			assertEquals('\'', first, "annotated " + r.get("annotated"));
			assertTrue(Files.exists(out.resolve(r.get("annotated").substring(1))), r.get("annotated"));
		}
	}

	@Test
	void imagesSharingANameButNotAFormatGetOneAnnotatedCopyEach() throws Exception {
		Files.createDirectories(dir.resolve("in"));
		Path png = image("x.png");
		javax.imageio.ImageIO.write(javax.imageio.ImageIO.read(png.toFile()), "jpg", dir.resolve("in/x.jpg").toFile());
		javax.imageio.ImageIO.write(javax.imageio.ImageIO.read(png.toFile()), "tif", dir.resolve("in/x.tif").toFile());
		image("y.png");
		Path out = dir.resolve("out");
		Hostile.cli("detect", "-i", dir.resolve("in").toString(), "-m", model.toString(), "-o", out.toString()).expect(0);
		List<String> annotated = csv(out.resolve("detections.csv")).stream().map(r -> r.get("annotated")).sorted().collect(Collectors.toList());
		assertEquals(List.of("x_jpg_detection.png", "x_png_detection.png", "x_tif_detection.png", "y_detection.png"), annotated);
		for (String a : annotated) assertTrue(Files.exists(out.resolve(a)), a);
	}

	@Test
	void anOutputFolderInsideTheInputIsNotReadAsInput() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		image("a.png");
		image("b.png");
		Path out = in.resolve("results");
		Hostile.cli("detect", "-i", in.toString(), "-m", model.toString(), "-o", out.toString()).expect(0);
		Hostile.Run again = Hostile.cli("detect", "-i", in.toString(), "-m", model.toString(), "-o", out.toString()).expect(0);
		assertEquals(2, csv(out.resolve("detections.csv")).size(), "the second run judges the two images, not the first run's annotated copies");
		assertFalse(again.out.contains("_detection.png\t"), again.toString());
	}

	@Test
	void trainWritesTheHistoryAndCurvesItsOutputFolderPromises() throws Exception {
		Path out = dir.resolve("curves");
		Hostile.cli(HostileInputsTest.concat(new String[] {"train", "-i", good.toString(), "-o", dir.resolve("m.zip").toString(), "--output-folder", out.toString()},
			HostileInputsTest.TINY)).expect(0);
		List<String> history = Files.readAllLines(out.resolve("training-history.csv"));
		assertTrue(history.size() >= 2 && history.get(0).contains("Train loss"), history.toString());
		assertTrue(javax.imageio.ImageIO.read(out.resolve("training-curves.png").toFile()).getWidth() > 100);
	}

	@Test
	void anEvaluationWhoseIntervalCannotBeComputedWritesValidJson() throws Exception {
		Path test = dir.resolve("one-normal");
		new PhantomGenerator(5, 64, 64).writeSet(test, 3, 0);
		try (Stream<Path> normals = Files.list(test.resolve("Normal")).sorted().skip(1)) {
			for (Path p : normals.collect(Collectors.toList())) Files.delete(p);
		}
		Path out = dir.resolve("eval");
		Hostile.cli("evaluate", "-i", test.toString(), "-m", model.toString(), "-o", out.toString()).expect(0);
		// Jackson refuses NaN and Infinity as JSON does (RFC 8259 section 6); Gson's parser would take them.
		var json = new ObjectMapper().readTree(Files.readString(out.resolve("evaluation.json")));
		assertTrue(json.get("auc95CI").get(0).isNull(), "DeLong's interval needs two images of each class: null, " + json);
		assertTrue(json.get("nullMeans").asText().contains("null"), json.toString());
	}
}
