package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageFormat;
import io.github.bonefracture.data.ImageInputs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * DICOM as hospitals and other tools write it, from files pydicom wrote
 * (src/test/resources/dicom/make-fixtures.py; dcmtk's dcmdump reads them):
 * a file without an extension, as a PACS export names it, and one whose
 * preamble starts with a TIFF header (legal: PS3.10 7.1 leaves the preamble
 * to the application). Both give the P of the same pixels stored as PNG.
 */
class DicomFilesTest {

	@TempDir
	Path dir;

	private Path fixture(String name, Path folder) throws Exception {
		return Files.copy(Path.of(getClass().getResource("/dicom/" + name).toURI()), folder.resolve(name));
	}

	@Test
	void everyCompressedCopyGivesTheUncompressedFilesP() throws Exception {
		Path folder = Files.createDirectories(dir.resolve("syntaxes"));
		List<String> lossless = List.of("xray16.dcm", "xray16-implicit.dcm", "xray16-bigendian.dcm", "xray16-deflated.dcm", "xray16-rle.dcm",
			"xray16-gdcm-rle.dcm", "xray16-jpeg-lossless-sv1.dcm", "xray16-jpeg-lossless-sv4.dcm", "xray16-jpeg-lossless-sv7.dcm", "xray16-jpegls-lossless.dcm",
			"xray16-jpeg-lossless-sv1-70.dcm", "xray16-gdcm-jpeg-lossless.dcm", "xray16-j2k-lossless.dcm", "xray16-signed.dcm", "xray16-mono1.dcm");
		List<Path> files = new java.util.ArrayList<>();
		for (String name : lossless) files.add(fixture(name, folder));
		Path lossy = fixture("xray16-j2k-lossy.dcm", folder);
		files.add(lossy);
		Path model = dir.resolve("model.zip");
		new ModelTraining(TinyNets.denseNet(1), Backends.onednn(), Progress.NONE, null).run(TinyNets.phantoms(dir.resolve("train"), 4, 64, 1), model);
		try (Detector d = Detector.load(model, Backends.onednn())) {
			Map<Path, Detector.FileResult> r = d.detectFiles(files, new Detector.Options(), Progress.NONE).stream()
				.collect(Collectors.toMap(x -> x.file, x -> x));
			double reference = r.get(files.get(0)).prediction.probability;
			for (Path f : files) {
				assertNotNull(r.get(f).prediction, f + ": " + r.get(f).error);
				// Lossless: the same pixels; MONOCHROME1 and signed storage: the same picture (a percentile window is invariant to them).
				assertEquals(reference, r.get(f).prediction.probability, f.equals(lossy) ? 0.02 : 1e-6, f.getFileName().toString());
			}
		}
	}

	@Test
	void aDicomWithATiffPreambleIsDicom() throws Exception {
		assertEquals(Optional.of(ImageFormat.DICOM), ImageFormat.sniff(fixture("tiff-preamble.dcm", dir)), "DICM at offset 128 decides before the TIFF magic");
	}

	@Test
	void extensionlessDicomIsDetectedAsTheSamePixelsInPng() throws Exception {
		Path folder = Files.createDirectories(dir.resolve("export"));
		Path png = fixture("xray.png", folder), dcm = fixture("xray", folder), tiffLike = fixture("tiff-preamble.dcm", folder);
		Path notes = Files.writeString(folder.resolve("NOTES"), "an export's notes, no image");
		ImageInputs inputs = ImageInputs.of(folder);
		assertEquals(List.of(dcm, png, tiffLike).stream().sorted().collect(Collectors.toList()), inputs.files.stream().sorted().collect(Collectors.toList()),
			"the extensionless DICOM is an input like the named ones");
		assertEquals(List.of(), inputs.problems);
		assertEquals(1, inputs.notUsed.size(), "the file that is no image is counted");
		assertEquals(notes, inputs.notUsed.get(0).path);
		assertEquals(ImageFormat.NOT_AN_IMAGE, inputs.notUsed.get(0).reason);
		String line = inputs.notUsedLine().orElseThrow();
		assertTrue(line.startsWith("1 file(s) not used") && line.contains(notes.toString()), line);

		Path model = dir.resolve("model.zip");
		new ModelTraining(TinyNets.denseNet(1), Backends.onednn(), Progress.NONE, null).run(TinyNets.phantoms(dir.resolve("train"), 4, 64, 1), model);
		try (Detector d = Detector.load(model, Backends.onednn())) {
			Map<Path, Detector.FileResult> r = d.detectFiles(inputs.files, new Detector.Options(), Progress.NONE).stream()
				.collect(Collectors.toMap(x -> x.file, x -> x));
			assertNotNull(r.get(png).prediction, String.valueOf(r.get(png).error));
			for (Path f : List.of(dcm, tiffLike)) {
				assertNotNull(r.get(f).prediction, f + ": " + r.get(f).error);
				assertEquals(r.get(png).prediction.probability, r.get(f).prediction.probability, 1e-6, f + " as the PNG of the same pixels");
			}
		}
	}
}
