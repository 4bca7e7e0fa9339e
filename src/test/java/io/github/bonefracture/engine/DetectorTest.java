package io.github.bonefracture.engine;

import io.github.bonefracture.preprocess.Preprocessing;

import io.github.bonefracture.backend.onednn.OneDnnDenseNet;


import io.github.bonefracture.data.ImageInputs;
import io.github.bonefracture.prediction.Prediction;
import io.github.bonefracture.report.DetectionReport;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.preprocess.Augmentation;
import io.github.bonefracture.preprocess.FloatImage;
import io.github.bonefracture.render.ResultOverlay;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

class DetectorTest {

	@TempDir
	Path dir;

	private List<ImagePlus> images(int n) throws Exception {
		Path data = TinyNets.phantoms(dir.resolve("data"), n, 80, 1);
		List<ImagePlus> l = new ArrayList<>();
		for (Path p : ImageInputs.of(data).files) l.add(ImageLoader.load(p));
		return l;
	}

	/**
	 * One intensity rule whatever the storage: a sample x-ray as its 8-bit
	 * PNG, as 12 bits in a 16-bit TIFF, as full-range 16 bits and as a float
	 * TIFF, each written to a file and read back as detection reads files,
	 * gets the same P(fracture) within 1e-3.
	 */
	@Test
	void theSameImageGetsTheSameAnswerHoweverItIsStored() throws Exception {
		Path png = ImageInputs.of(TinyNets.phantoms(dir.resolve("storage"), 1, 96, 1)).files.get(0);
		ij.process.ImageProcessor eight = ImageLoader.load(png).getProcessor().convertToByte(false);
		int w = eight.getWidth(), h = eight.getHeight();
		ij.process.ShortProcessor twelve = new ij.process.ShortProcessor(w, h), sixteen = new ij.process.ShortProcessor(w, h);
		ij.process.FloatProcessor unit = new ij.process.FloatProcessor(w, h);
		for (int i = 0; i < w * h; i++) {
			twelve.set(i, eight.get(i) * 16);
			sixteen.set(i, eight.get(i) * 257);
			unit.setf(i, eight.get(i) / 255f);
		}
		List<Path> files = new ArrayList<>(List.of(png));
		int n = 0;
		for (ij.process.ImageProcessor ip : List.of(twelve, sixteen, unit)) {
			Path tif = dir.resolve("stored-" + n++ + ".tif");
			assertTrue(new ij.io.FileSaver(new ImagePlus("x", ip)).saveAsTiff(tif.toString()));
			files.add(tif);
		}
		Detector d = new Detector(ModelFileTest.tinyModel(3), TestBackends.onednn());
		Detector.Options o = new Detector.Options();
		o.heatmap = false;
		List<Detector.FileResult> r = d.detectFiles(files, o, Progress.NONE);
		for (Detector.FileResult f : r) {
			assertNull(f.error, f.file.toString());
			assertEquals(r.get(0).prediction.probability, f.prediction.probability, 1e-3, f.file.getFileName() + " against the 8-bit PNG");
		}
	}

	/** The reading pipeline (readers ahead of the network) keeps the files' order and each file's own answer, broken files included. */
	@Test
	void filesComeBackInOrderWithTheirOwnAnswers() throws Exception {
		Path data = TinyNets.phantoms(dir.resolve("order"), 4, 64, 1);
		List<Path> files = new ArrayList<>(ImageInputs.of(data).files);
		files.add(1, Files.writeString(dir.resolve("broken-a.png"), "not an image"));
		files.add(5, Files.writeString(dir.resolve("broken-b.png"), "not an image"));
		files.add(dir.resolve("missing.png"));
		Detector d = new Detector(ModelFileTest.tinyModel(3), TestBackends.onednn());
		Detector.Options o = new Detector.Options();
		o.batchSize = 3;
		o.heatmap = false;
		List<Detector.FileResult> results = d.detectFiles(files, o, Progress.NONE);
		assertEquals(files.size(), results.size());
		for (int i = 0; i < files.size(); i++) {
			Detector.FileResult r = results.get(i);
			assertEquals(files.get(i), r.file, "position " + i);
			boolean broken = files.get(i).getFileName().toString().startsWith("broken") || files.get(i).getFileName().toString().equals("missing.png");
			assertEquals(broken, r.prediction == null, r.file + ": " + r.error);
			if (!broken) assertEquals(d.detect(ImageLoader.load(r.file), o).probability, r.prediction.probability, 1e-6, r.file.toString());
		}
	}

	@Test
	void camIsExactItsMeanIsTheLogit() throws Exception {
		Detector d = new Detector(ModelFileTest.tinyModel(3), TestBackends.onednn());
		for (ImagePlus imp : images(2)) {
			Prediction p = d.detect(imp, new Detector.Options());
			double mean = 0;
			for (float v : p.cam.data) mean += v;
			mean /= p.cam.data.length;
			assertEquals(p.probability, 1 / (1 + Math.exp(-mean)), 1e-5);
			assertEquals(2, p.cam.width, "64 px input gives a 2x2 feature map");
			FloatImage h = p.heatmap(imp.getWidth(), imp.getHeight()).orElseThrow();
			assertEquals(imp.getWidth(), h.width);
		}
	}

	/** The oneDNN path answers as the DL4J graph does: the same probabilities and heatmaps. */
	@Test
	void oneDnnPathAgreesWithDl4j() throws Exception {
		ModelFile m = ModelFileTest.tinyModel(5);
		Detector fast = new Detector(m, TestBackends.onednn());
		Detector reference = new Detector(m, TestBackends.dl4j());
		Detector.Options o = new Detector.Options();
		for (ImagePlus imp : images(3)) {
			Prediction a = fast.detect(imp, o), b = reference.detect(imp, o);
			assertEquals(b.probability, a.probability, 1e-5);
			assertArrayEquals(b.cam.data, a.cam.data, 1e-4f);
			// Closing frees the native plans; the next call builds them again.
			fast.close();
			assertEquals(a.probability, fast.detect(imp, o).probability, 1e-9);
		}
	}

	/** bfloat16 where the CPU has it natively: close to float, not the same arithmetic; refused with a reason elsewhere. */
	@Test
	void bf16AnswersCloseToFloat() throws Exception {
		Detector d = new Detector(ModelFileTest.tinyModel(6), TestBackends.onednn());
		Detector.Options f = new Detector.Options(), b = new Detector.Options().precision(Precision.BFLOAT16);
		if (!d.bf16Available()) {
			assertEquals(Precision.FLOAT, d.precision(b).taken);
			assertTrue(d.precision(b).warnings.get(0).contains("computing in float"), d.precision(b).warnings.toString());
			return;
		}
		assertEquals(Precision.BFLOAT16, d.precision(b).taken);
		assertEquals(List.of(), d.precision(b).warnings);
		assertEquals(Precision.FLOAT, d.precision(f).taken);
		boolean differs = false;
		for (ImagePlus imp : images(3)) {
			Prediction pf = d.detect(imp, f), pb = d.detect(imp, b);
			assertEquals(pf.probability, pb.probability, 0.02);
			differs |= pf.probability != pb.probability;
		}
		assertTrue(differs, "bfloat16 must really run");
		Detector reference = new Detector(ModelFileTest.tinyModel(6), TestBackends.dl4j());
		assertEquals(Precision.FLOAT, reference.precision(b).taken);
		assertTrue(reference.precision(b).warnings.get(0).contains("computing in float"), reference.precision(b).warnings.toString());
	}

	/**
	 * int8 in ranges calibrated on other images: close to float, not the same
	 * arithmetic. Refused with a reason (float runs) for a model without a
	 * calibration and on DL4J.
	 */
	@Test
	void int8AnswersCloseToFloat() throws Exception {
		ModelFile m = ModelFileTest.tinyModel(6);
		Detector.Options f = new Detector.Options(), q = new Detector.Options().precision(Precision.INT8);
		Detector uncalibrated = new Detector(m, TestBackends.onednn());
		assertEquals(Precision.FLOAT, uncalibrated.precision(q).taken);
		assertTrue(uncalibrated.precision(q).warnings.get(0).contains("no int8 calibration"), uncalibrated.precision(q).warnings.toString());
		List<ImagePlus> all = images(10);
		Preprocessing pre = m.metadata.preprocessing;
		List<float[]> calibration = new ArrayList<>();
		for (ImagePlus imp : all.subList(0, 6)) calibration.add(pre.toTensor(imp, 1));
		m.metadata.activationRanges = OneDnnDenseNet.measureRanges(m.network, calibration, pre.height(), pre.width());
		Detector d = new Detector(m, TestBackends.onednn());
		if (!OneDnnDenseNet.int8Native()) {
			assertTrue(d.precision(q).warnings.get(0).contains("AVX2"), d.precision(q).warnings.toString());
			return;
		}
		assertEquals(Precision.INT8, d.precision(q).taken);
		assertEquals(Precision.FLOAT, d.precision(f).taken);
		boolean differs = false;
		for (ImagePlus imp : all.subList(6, 10)) {
			Prediction pf = d.detect(imp, f), pq = d.detect(imp, q);
			assertEquals(pf.probability, pq.probability, 0.02);
			differs |= pf.probability != pq.probability;
		}
		assertTrue(differs, "int8 must really run");
		Detector reference = new Detector(m, TestBackends.dl4j());
		assertTrue(reference.precision(q).warnings.get(0).contains("float only"), reference.precision(q).warnings.toString());
	}

	@Test
	void thresholdFlipTtaAndBaselineWithoutHeatmap() throws Exception {
		Detector d = new Detector(ModelFileTest.tinyModel(3), TestBackends.onednn());
		ImagePlus imp = images(1).get(0);
		Detector.Options o = new Detector.Options();
		Prediction plain = d.detect(imp, o);
		assertEquals(0.4, plain.threshold, "the model's own threshold by default");
		o.threshold = plain.probability + 0.01;
		assertEquals(io.github.bonefracture.data.Label.NORMAL, d.detect(imp, o).label);
		o.threshold = Double.NaN;
		o.flipTta = true;
		FloatImage grey = d.metadata().preprocessing.toUnitGrey(imp, 1);
		Prediction flipped = d.detectGrey(List.of(Augmentation.flipHorizontal(grey)), new Detector.Options()).get(0);
		assertEquals((plain.probability + flipped.probability) / 2, d.detect(imp, o).probability, 1e-6);

		TrainingConfig b = TinyNets.baseline(1);
		ModelFile base = new ModelFile(b.architecture.build(b), ModelTraining.metadata(b, new ModelMetadata.DatasetSummary(), null));
		Prediction bp = new Detector(base, TestBackends.onednn()).detect(imp, new Detector.Options());
		assertNull(bp.cam);
		assertTrue(bp.probability > 0 && bp.probability < 1);
	}

	@Test
	void safeFromSeveralThreads() throws Exception {
		Detector d = new Detector(ModelFileTest.tinyModel(4), TestBackends.onednn());
		List<ImagePlus> imgs = images(4);
		List<Double> sequential = new ArrayList<>();
		for (ImagePlus i : imgs) sequential.add(d.detect(i, new Detector.Options()).probability);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<Double>> fs = new ArrayList<>();
			for (int rep = 0; rep < 3; rep++)
				for (ImagePlus i : imgs) fs.add(pool.submit(() -> d.detect(i, new Detector.Options()).probability));
			for (int k = 0; k < fs.size(); k++) assertEquals(sequential.get(k % imgs.size()), fs.get(k).get(), 1e-6);
		} finally {
			pool.shutdown();
		}
	}

	@Test
	void folderWithACorruptFileGoesOnAndWritesCsvAndPngs() throws Exception {
		Detector d = new Detector(ModelFileTest.tinyModel(5), TestBackends.onednn());
		Path data = TinyNets.phantoms(dir.resolve("data"), 2, 70, 1);
		Files.write(data.resolve("Normal/broken.png"), new byte[] {1, 2, 3});
		List<Detector.FileResult> r = d.detectFiles(ImageInputs.of(data).files, new Detector.Options(), Progress.NONE);
		assertEquals(5, r.size());
		assertEquals(1, r.stream().filter(x -> x.error != null).count());
		Path out = dir.resolve("out");
		DetectionReport.write(r, data, out, "m.zip", true, io.github.bonefracture.data.ImageLoader.DEFAULT_MAX_PIXELS, Progress.NONE);
		List<String> csv = Files.readAllLines(out.resolve(DetectionReport.CSV));
		assertEquals(6, csv.size());
		assertTrue(csv.stream().anyMatch(l -> l.contains("broken.png") && l.contains("not an image")), csv.toString());
		try (var s = Files.walk(out)) {
			assertEquals(4, s.filter(p -> p.toString().endsWith("_detection.png")).count());
		}
	}

	@Test
	void overlayReplacesOnlyItsOwnRois() throws Exception {
		Detector d = new Detector(ModelFileTest.tinyModel(6), TestBackends.onednn());
		ImagePlus imp = images(1).get(0);
		Overlay user = new Overlay(new Roi(1, 1, 5, 5));
		user.get(0).setName("my measurement");
		imp.setOverlay(user);
		Prediction p = d.detect(imp, new Detector.Options());
		ResultOverlay.apply(imp, p, true);
		ResultOverlay.apply(imp, p, true);
		Overlay o = imp.getOverlay();
		assertEquals(1 + 1 + 3 + 1, o.size(), "the user's ROI, the heatmap, its legend (bar and two labels) and the label");
		assertNotNull(o.get("my measurement"));
		Roi heat = o.get(ResultOverlay.HEATMAP);
		assertEquals(imp.getWidth(), heat.getBounds().width);
		assertEquals(imp.getHeight(), heat.getBounds().height);
		String label = ((ij.gui.TextRoi) o.get(ResultOverlay.LABEL)).getText();
		assertTrue(label.startsWith(p.answer()) && label.contains(String.format(java.util.Locale.ROOT, "P(fracture) %.3f, threshold %.3f", p.probability, p.threshold)), label);
	}
}
