package io.github.bonefracture.fiji;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.prediction.Prediction;
import io.github.bonefracture.phantom.PhantomGenerator;
import io.github.bonefracture.render.ResultOverlay;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

/** Every command through CommandService with explicit inputs, headless. */
class CommandsTest {

	static Context context;

	@TempDir
	static Path dir;

	static Path data;
	static Path model;

	@BeforeAll
	static void setUp() throws Exception {
		System.setProperty("java.awt.headless", "true");
		context = new Context(CommandService.class, org.scijava.app.StatusService.class, org.scijava.log.LogService.class,
			DetectorService.class, org.scijava.prefs.PrefService.class);
		// Remembered dialog values of other test classes (the build's own home) must not reach these runs.
		context.service(org.scijava.prefs.PrefService.class).clearAll();
		data = dir.resolve("data");
		new PhantomGenerator(5, 64, 64).writeSet(data, 4, 0);
		model = dir.resolve("model.zip");
		DeclaredJobCommand m = run(TrainModelCommand.class, tinyTraining(Map.of("model_file", model.toFile())));
		assertFalse(m.isCanceled(), m.getCancelReason());
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	static Map<String, Object> tinyTraining(Map<String, Object> extra) {
		Map<String, Object> in = new HashMap<>(extra);
		in.put("dataset_folder", data.toFile());
		in.put("architecture", "baseline-cnn");
		in.put("weights", "random");
		in.put("epochs1", 1);
		in.put("epochs2", 0);
		in.put("batch_size", 4);
		return in;
	}

	/** The command as it ran (a DynamicCommand is its own module), after SciJava's pre- and postprocessing. */
	static DeclaredJobCommand run(Class<? extends org.scijava.command.Command> c, Map<String, Object> inputs) throws Exception {
		org.scijava.module.ModuleInfo info = context.service(CommandService.class).getCommand(c);
		return (DeclaredJobCommand) context.service(org.scijava.module.ModuleService.class).run(info, true, inputs).get();
	}

	/** Detect Fracture's settings with this model file and every other option at its default (backend auto, as the command's). */
	static io.github.bonefracture.options.Settings detectSettings(Path model) {
		return io.github.bonefracture.options.Options.settings(io.github.bonefracture.options.Job.DETECT, o -> o.key().equals("model_file") ? model.toFile() : null);
	}

	/** A macro calling Detect Fracture per image loads the model once; a changed model file is loaded again. */
	@Test
	void detectorIsKeptWhileTheModelFileIsUnchanged() throws Exception {
		DetectorService service = context.service(DetectorService.class);
		Path copy = dir.resolve("kept.zip");
		Files.copy(model, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		Detector first = service.detector(detectSettings(copy), io.github.bonefracture.core.Progress.NONE);
		ImagePlus imp = ImageLoader.load(Files.list(data.resolve("Fracture")).findFirst().orElseThrow());
		DeclaredJobCommand m = run(DetectFractureCommand.class, Map.of("image", imp, "model_file", copy.toFile()));
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertSame(first, service.detector(detectSettings(copy), io.github.bonefracture.core.Progress.NONE), "the command used and kept the same detector");
		Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() + 5000));
		Detector reloaded = service.detector(detectSettings(copy), io.github.bonefracture.core.Progress.NONE);
		assertNotSame(first, reloaded);
		assertEquals(first.detect(imp, new Detector.Options()).probability, reloaded.detect(imp, new Detector.Options()).probability, 1e-6,
			"the replaced detector still answers after being freed");
		Path bad = dir.resolve("kept-bad.zip");
		Files.writeString(bad, "not a model");
		assertThrows(RuntimeException.class, () -> service.detector(detectSettings(bad), io.github.bonefracture.core.Progress.NONE));
		assertSame(reloaded, service.detector(detectSettings(copy), io.github.bonefracture.core.Progress.NONE), "a model that fails to load leaves the kept one");
	}

	@Test
	void trainWritesALoadableModel() {
		ModelFile m = ModelFile.load(model);
		assertEquals(io.github.bonefracture.engine.Architecture.BASELINE_CNN, m.metadata.architecture);
		assertEquals(8, m.metadata.dataset.fracture + m.metadata.dataset.normal);
		assertEquals(String.valueOf(io.github.bonefracture.backend.Backend.threads()), m.metadata.computedWith.get("threads"), "the model records its thread count");
		assertFalse(m.metadata.computedWith.get("instructionSet").isBlank(), "and its instruction set");
	}

	@Test
	void detectDrawsOnTheImageAndReturnsTheDetectorsAnswer() throws Exception {
		ImagePlus imp = ImageLoader.load(data.resolve("Fracture/fracture_000.png"));
		Roi mine = new Roi(2, 2, 4, 4);
		mine.setName("user roi");
		imp.setOverlay(new Overlay(mine));
		Map<String, Object> in = new HashMap<>();
		in.put("image", imp);
		in.put("model_file", model.toFile());
		in.put("heatmap", true);
		DeclaredJobCommand m = run(DetectFractureCommand.class, in);
		assertFalse(m.isCanceled(), m.getCancelReason());
		Prediction expected = Detector.load(model, io.github.bonefracture.backend.choice.Backends.onednn()).detect(imp, new Detector.Options());
		assertEquals(expected.probability, (Double) m.getOutput("probability"), 1e-6);
		assertEquals(expected.label.displayName(), m.getOutput("label"));
		Overlay o = imp.getOverlay();
		assertNotNull(o.get("user roi"));
		assertNotNull(o.get(ResultOverlay.LABEL));
		assertNull(o.get(ResultOverlay.HEATMAP), "the baseline CNN has no heatmap");
		run(DetectFractureCommand.class, in);
		assertEquals(2, imp.getOverlay().size(), "a rerun replaces its own ROIs only");
	}

	/** A DenseNet model has a class-activation map: the heatmap ROI covers the image, the label states the answer. */
	@Test
	void detectWithADenseNetDrawsTheHeatmap() throws Exception {
		io.github.bonefracture.engine.TrainingConfig c = new io.github.bonefracture.engine.TrainingConfig();
		c.imageSize = 64;
		c.denseBlocks = new int[] {2, 2, 2, 2};
		c.growthRate = 8;
		c.weights = io.github.bonefracture.engine.TrainingConfig.WeightSource.RANDOM;
		io.github.bonefracture.engine.ModelMetadata md = new io.github.bonefracture.engine.ModelMetadata();
		md.architecture = c.architecture;
		md.preprocessing = c.architecture.preprocessing(c);
		md.featureLayer = c.architecture.featureLayer();
		md.outputLayer = c.architecture.outputLayer();
		md.training = c;
		Path dense = dir.resolve("dense.zip");
		new ModelFile(c.architecture.build(c), md).save(dense);
		ImagePlus imp = ImageLoader.load(data.resolve("Fracture/fracture_001.png"));
		Map<String, Object> in = new HashMap<>();
		in.put("image", imp);
		in.put("model_file", dense.toFile());
		in.put("heatmap", true);
		DeclaredJobCommand m = run(DetectFractureCommand.class, in);
		assertFalse(m.isCanceled(), m.getCancelReason());
		Prediction expected = Detector.load(dense, io.github.bonefracture.backend.choice.Backends.onednn()).detect(imp, new Detector.Options());
		assertEquals(expected.probability, (Double) m.getOutput("probability"), 1e-6);
		Roi heat = imp.getOverlay().get(ResultOverlay.HEATMAP);
		assertEquals(new java.awt.Rectangle(0, 0, imp.getWidth(), imp.getHeight()), heat.getBounds());
		String text = ((ij.gui.TextRoi) imp.getOverlay().get(ResultOverlay.LABEL)).getText();
		assertTrue(text.startsWith(expected.answer() + "\n" + String.format(java.util.Locale.ROOT, "P(fracture) %.3f, threshold %.3f", expected.probability, expected.threshold)), text);
	}

	@Test
	void exportModelWritesAPackageAndAnOnnxGraph() throws Exception {
		Path pkg = dir.resolve("exported.zip"), graph = dir.resolve("exported.onnx");
		DeclaredJobCommand m = run(ExportModelCommand.class, Map.of("model_file", model.toFile(), "export_file", pkg.toFile()));
		assertTrue(m.isCanceled() && m.getCancelReason().contains("authors"), "a package without authors is refused: " + m.getCancelReason());
		m = run(ExportModelCommand.class, Map.of("model_file", model.toFile(), "export_file", pkg.toFile(), "authors", "A. Tester"));
		assertFalse(m.isCanceled(), m.getCancelReason());
		try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(pkg.toFile())) {
			assertNotNull(z.getEntry("rdf.yaml"));
			assertNotNull(z.getEntry("model.onnx"));
		}
		m = run(ExportModelCommand.class, Map.of("model_file", model.toFile(), "export_file", graph.toFile(), "format", "onnx"));
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertTrue(onnx.Onnx.ModelProto.parseFrom(Files.readAllBytes(graph)).getGraph().getNodeCount() > 0);
		m = run(ExportModelCommand.class, Map.of("model_file", model.toFile(), "export_file", dir.resolve("x.onnx").toFile(), "format", "onnx",
			"heatmap_outputs", true));
		assertTrue(m.isCanceled(), "the baseline CNN has no heatmap to export");
		assertTrue(m.getCancelReason().contains("no feature layer"), m.getCancelReason());
		assertFalse(Files.exists(dir.resolve("x.onnx")), "a refused export leaves no file");
	}

	@Test
	void trainImageGeneratorAndGenerateSyntheticXrays() throws Exception {
		Path generator = dir.resolve("generator.zip"), samples = dir.resolve("synthetic");
		DeclaredJobCommand m = run(TrainImageGeneratorCommand.class, Map.of("dataset_folder", data.toFile(), "generator_file", generator.toFile(),
			"generator_size", 16, "generator_epochs", 1, "batch_size", 4));
		assertFalse(m.isCanceled(), m.getCancelReason());
		m = run(GenerateSyntheticCommand.class, Map.of("generator_file", generator.toFile(), "synthetic_count", 2, "output_folder", samples.toFile()));
		assertFalse(m.isCanceled(), m.getCancelReason());
		try (var files = Files.list(samples.resolve("Fracture"))) {
			assertEquals(2, files.count());
		}
		// Headless with no folder there is nowhere to show the stack: refused, not silently dropped.
		io.github.bonefracture.options.Settings noFolder = io.github.bonefracture.options.Options.settings(io.github.bonefracture.options.Job.GENERATE_SYNTHETIC,
			o -> o.key().equals("generator_file") ? generator.toFile() : null);
		Exception e = assertThrows(io.github.bonefracture.core.InvalidInputException.class, () -> ResultViews.generate(noFolder, io.github.bonefracture.core.Progress.NONE));
		assertTrue(e.getMessage().contains("give an output folder"), e.getMessage());
	}

	@Test
	void badModelFileCancelsWithAClearMessage() throws Exception {
		Path bad = Files.writeString(dir.resolve("bad.zip"), "not a model");
		Map<String, Object> in = new HashMap<>();
		in.put("image", ImageLoader.load(data.resolve("Normal/normal_000.png")));
		in.put("model_file", bad.toFile());
		DeclaredJobCommand m = run(DetectFractureCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("bad.zip"), m.getCancelReason());
	}

	@Test
	void folderDetectionWritesCsvAndCounts() throws Exception {
		File out = dir.resolve("detect-out").toFile();
		Map<String, Object> in = new HashMap<>();
		in.put("input_folder", data.toFile());
		in.put("model_file", model.toFile());
		in.put("output_folder", out);
		DeclaredJobCommand m = run(DetectFolderCommand.class, in);
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals(8, m.getOutput("images"));
		assertEquals(0, m.getOutput("failed"));
		assertEquals(9, Files.readAllLines(out.toPath().resolve("detections.csv")).size());
	}

	@Test
	void kFoldReportsFiguresAndFiles() throws Exception {
		File out = dir.resolve("kfold-out").toFile();
		Map<String, Object> in = tinyTraining(Map.of("k", 2, "output_folder", out));
		DeclaredJobCommand m = run(KFoldEvaluateCommand.class, in);
		assertFalse(m.isCanceled(), m.getCancelReason());
		double acc = (Double) m.getOutput("mean_accuracy");
		assertTrue(acc >= 0 && acc <= 1);
		assertTrue(Files.exists(out.toPath().resolve("summary.json")));
		java.util.List<String> table = Files.readAllLines(out.toPath().resolve("kfold-table.csv"));
		java.util.List<String> header = java.util.Arrays.asList(table.get(0).split(","));
		String[] mean = table.get(3).split(",", -1);
		assertTrue(table.get(3).contains("mean"), table.toString());
		assertEquals("", mean[header.indexOf("images")].replace("\"", ""), "counts are left empty on the mean row: " + table);
		assertFalse(mean[header.indexOf("auc")].isEmpty());
	}

	@Test
	void canceledTrainingLeavesNoModel() {
		TrainModelCommand c = new TrainModelCommand();
		context.inject(c);
		for (io.github.bonefracture.options.Opt o : io.github.bonefracture.options.Options.of(c.job())) c.setInput(o.key(), o.defaultValue());
		tinyTraining(Map.of("model_file", dir.resolve("canceled.zip").toFile(), "epochs1", 3)).forEach(c::setInput);
		c.cancel("user pressed cancel");
		c.run();
		assertTrue(c.isCanceled());
		assertTrue(c.getCancelReason().contains("canceled"), c.getCancelReason());
		assertFalse(Files.exists(dir.resolve("canceled.zip")));
	}
}
