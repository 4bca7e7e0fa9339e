package io.github.bonefracture.data;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.TestImages;
import io.github.bonefracture.core.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {

	@TempDir
	Path dir;

	private void twoClasses(Path root, int n) throws Exception {
		for (int i = 0; i < n; i++) {
			TestImages.png(root.resolve("Fracture/f" + i + ".png"), 20, 20, i);
			TestImages.png(root.resolve("Normal/n" + i + ".png"), 20, 20, 100 + i);
		}
	}

	@Test
	void countsClassesAndReportsBadFilesByNameAndReason() throws Exception {
		twoClasses(dir, 3);
		Files.write(dir.resolve("Fracture/empty.png"), new byte[0]);
		Files.write(dir.resolve("Normal/notes.png"), "this is text".getBytes(StandardCharsets.UTF_8));
		byte[] good = Files.readAllBytes(dir.resolve("Fracture/f0.png"));
		Files.write(dir.resolve("Normal/truncated.png"), Arrays.copyOf(good, good.length / 2));
		Files.write(dir.resolve("Normal/readme.txt"), "x".getBytes(StandardCharsets.UTF_8));
		Files.write(dir.resolve("Normal/.hidden.png"), good);

		Dataset ds = new DatasetScanner().scan(dir);

		assertEquals(3, ds.counts().get(Label.FRACTURE));
		assertEquals(3, ds.counts().get(Label.NORMAL));
		assertEquals(2, ds.ignored(), "readme.txt and the hidden file");
		assertEquals(3, ds.skipped().size());
		String report = ds.skipped().stream().map(Object::toString).collect(Collectors.joining("\n"));
		assertTrue(report.contains("empty.png") && report.contains("empty file"), report);
		assertTrue(report.contains("notes.png") && report.contains("not an image"), report);
		assertTrue(report.contains("truncated.png") && report.contains("PNG"), report);
		assertTrue(ds.summary().contains("truncated.png"));
	}

	@Test
	void acceptsAnyCaseAndPositiveNegativeAndNestedFolders() throws Exception {
		TestImages.png(dir.resolve("POSITIVE/a/b/p1.png"), 10, 10, 1);
		TestImages.png(dir.resolve("POSITIVE/p2.png"), 10, 10, 2);
		TestImages.png(dir.resolve("negative/deep/er/n1.png"), 10, 10, 3);
		Dataset ds = new DatasetScanner().scan(dir);
		assertEquals(2, ds.counts().get(Label.FRACTURE));
		assertEquals(1, ds.counts().get(Label.NORMAL));
	}

	@Test
	void orderIsSortedAndStable() throws Exception {
		twoClasses(dir, 4);
		List<Sample> a = new DatasetScanner().scan(dir).samples();
		List<Sample> b = new DatasetScanner().scan(dir).samples();
		assertEquals(a.stream().map(Sample::path).collect(Collectors.toList()), b.stream().map(Sample::path).collect(Collectors.toList()));
		for (int i = 1; i < a.size(); i++) assertTrue(a.get(i - 1).path().compareTo(a.get(i).path()) < 0);
		assertEquals(new DatasetScanner().scan(dir).fileListHash(), new DatasetScanner().scan(dir).fileListHash());
	}

	@Test
	void singleClassIsAClearError() throws Exception {
		TestImages.png(dir.resolve("Fracture/f.png"), 10, 10, 1);
		Files.createDirectories(dir.resolve("Normal"));
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> new DatasetScanner().scan(dir));
		assertTrue(e.getMessage().contains("only one class"), e.getMessage());
	}

	@Test
	void emptyFolderIsAClearError() {
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> new DatasetScanner().scan(dir));
		assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("no class folders"), e.getMessage());
	}

	@Test
	void missingFolderIsAClearError() {
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> new DatasetScanner().scan(dir.resolve("nope")));
		assertTrue(e.getMessage().contains("not found"), e.getMessage());
	}

	@Test
	void allImagesCorruptNamesTheFirstOne() throws Exception {
		Files.createDirectories(dir.resolve("Fracture"));
		Files.write(dir.resolve("Fracture/bad.png"), new byte[0]);
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> new DatasetScanner().scan(dir));
		assertTrue(e.getMessage().contains("bad.png"), e.getMessage());
	}

	@Test
	void readsMuraTreeWithStudyTypeFilterAndPatientGroups() throws Exception {
		Path mura = dir.resolve("MURA-v1.1/train");
		TestImages.png(mura.resolve("XR_HUMERUS/patient00001/study1_positive/image1.png"), 10, 10, 1);
		TestImages.png(mura.resolve("XR_HUMERUS/patient00001/study1_positive/image2.png"), 10, 10, 2);
		TestImages.png(mura.resolve("XR_HUMERUS/patient00002/study1_negative/image1.png"), 10, 10, 3);
		TestImages.png(mura.resolve("XR_WRIST/patient00003/study1_negative/image1.png"), 10, 10, 4);
		Files.write(dir.resolve("MURA-v1.1/train_image_paths.csv"), "a,b".getBytes(StandardCharsets.UTF_8));

		Dataset all = new DatasetScanner().scan(dir);
		assertEquals("MURA", all.layout());
		assertEquals(4, all.samples().size());

		Dataset humerus = new DatasetScanner("humerus", true).scan(dir);
		assertEquals(3, humerus.samples().size());
		assertEquals(2, humerus.counts().get(Label.FRACTURE));
		assertEquals("patient00001", humerus.samples().get(0).group());

		InvalidInputException e = assertThrows(InvalidInputException.class, () -> new DatasetScanner("XR_FEMUR", true).scan(dir));
		assertTrue(e.getMessage().contains("XR_FEMUR"), e.getMessage());
	}

	@Test
	void acceptsEveryImageJFormatByContent() throws Exception {
		twoClasses(dir, 1);
		ij.ImagePlus imp = new ij.ImagePlus("t", new ij.process.ShortProcessor(12, 9));
		new ij.io.FileSaver(imp).saveAsTiff(dir.resolve("Normal/t16.tif").toString());
		java.awt.image.BufferedImage rgb = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
		javax.imageio.ImageIO.write(rgb, "jpg", dir.resolve("Fracture/c.jpg").toFile());
		javax.imageio.ImageIO.write(rgb, "bmp", dir.resolve("Fracture/c.bmp").toFile());
		javax.imageio.ImageIO.write(rgb, "gif", dir.resolve("Fracture/c.gif").toFile());
		Dataset ds = new DatasetScanner().scan(dir);
		assertEquals(List.of(), ds.skipped());
		assertEquals(4, ds.counts().get(Label.FRACTURE));
		assertEquals(2, ds.counts().get(Label.NORMAL));
		assertEquals(16, ImageLoader.load(dir.resolve("Normal/t16.tif")).getBitDepth());
	}
}
