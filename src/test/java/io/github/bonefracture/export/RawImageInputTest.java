package io.github.bonefracture.export;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageInputs;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.engine.ModelTraining;
import io.github.bonefracture.engine.TinyNets;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.phantom.PhantomGenerator;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's graph takes the x-ray as it comes: raw grey values at the
 * image's own size, and gives the plugin's P(fracture). ONNX Runtime runs the
 * graph on each sample image's raw pixel values; the detector runs the same
 * model on the same ImagePlus, through the plugin's own preprocessing.
 */
class RawImageInputTest {

	@TempDir
	static Path dir;

	/** The graph's value after its window and resize: the plugin's Preprocessing.toUnitGrey. */
	static final String UNIT_GREY = "raw/unit_grey";

	static ModelFile model;
	static Detector detector;
	static OnnxRuntime graph;

	@BeforeAll
	static void setUp() throws Exception {
		TrainingConfig c = TinyNets.denseNet(1);
		Path file = dir.resolve("model.zip");
		new ModelTraining(c, Backends.dl4j(), Progress.NONE, null).run(TinyNets.phantoms(dir.resolve("data"), 8, 64, 1), file);
		model = ModelFile.load(file);
		// A calibration in the graph as well, so that its arithmetic is checked on every image.
		model.metadata.calibration = new io.github.bonefracture.engine.Calibration(io.github.bonefracture.engine.Calibration.Method.PLATT, 1.3, -0.2);
		Path graphFile = dir.resolve("raw.onnx");
		// The graph, and its preprocessed image as a second output: the model's input is compared as well as its answer.
		onnx.Onnx.ModelProto.Builder proto = OnnxExport.graph(model, false, false, false, true, false).toBuilder();
		proto.getGraphBuilder().addOutput(onnx.Onnx.ValueInfoProto.newBuilder().setName(UNIT_GREY));
		Files.write(graphFile, proto.build().toByteArray());
		graph = new OnnxRuntime(graphFile);
		detector = new Detector(model, Backends.dl4j());
	}

	@AfterAll
	static void tearDown() throws Exception {
		graph.close();
		detector.close();
	}

	static double plugin(ImagePlus imp) {
		return detector.detect(imp, new Detector.Options()).probability;
	}

	/** The graph's P from the image's raw values (what JDLL hands it: the pixel values as float32, 1 x 1 x height x width). */
	static double onnx(ImagePlus imp) throws Exception {
		return graph.run(raw(imp), 1, 1, imp.getHeight(), imp.getWidth()).get(OnnxExport.OUTPUT)[0];
	}

	static float[] raw(ImagePlus imp) {
		float[] raw = new float[imp.getWidth() * imp.getHeight()];
		for (int i = 0; i < raw.length; i++) raw[i] = imp.getProcessor().getf(i);
		return raw;
	}

	/** The largest difference between the graph's unit-grey image and the plugin's. */
	static double unitGreyDifference(ImagePlus imp) throws Exception {
		float[] got = graph.run(raw(imp), 1, 1, imp.getHeight(), imp.getWidth()).get(UNIT_GREY);
		float[] expected = model.metadata.preprocessing.toUnitGrey(imp, 1).data;
		assertEquals(expected.length, got.length);
		double d = 0;
		for (int i = 0; i < got.length; i++) d = Math.max(d, Math.abs(expected[i] - got[i]));
		return d;
	}

	@Test
	void everySampleImageAtItsOwnSizeGivesThePluginsAnswer() throws Exception {
		List<String> depths = new ArrayList<>();
		double worst = 0;
		String worstName = "";
		List<Path> files = ImageInputs.of(Path.of("sample-images")).files;
		assertEquals(66, files.size(), "the sample images");
		for (Path f : files) {
			ImagePlus imp = ImageLoader.load(f);
			depths.add(imp.getBitDepth() + "-bit");
			double d = Math.abs(plugin(imp) - onnx(imp));
			double g = unitGreyDifference(imp);
			assertTrue(g < 1e-5, f.getFileName() + ": the graph's preprocessed image differs from the plugin's by " + g);
			if (d > worst) {
				worst = d;
				worstName = f.getFileName() + " (" + imp.getWidth() + "x" + imp.getHeight() + ", " + imp.getBitDepth() + "-bit)";
			}
		}
		assertTrue(depths.contains("8-bit") && depths.contains("16-bit"), "both depths are among the samples: " + depths);
		assertTrue(worst < 1e-3, "largest |P(graph) - P(plugin)| " + worst + " at " + worstName);
	}

	@Test
	void radiographSizedSixteenBitImageGoesWholeAndGivesThePluginsAnswer() throws Exception {
		// 12 bits in 16, 2000 x 2400: the sample is every second pixel, the resize a 31-fold shrink.
		FloatProcessor phantom = new PhantomGenerator(7, 2000, 2400).generate(0, Label.FRACTURE).image.toProcessor();
		ShortProcessor sp = new ShortProcessor(phantom.getWidth(), phantom.getHeight());
		for (int i = 0; i < sp.getPixelCount(); i++) sp.setf(i, Math.round(phantom.getf(i) * 4095));
		ImagePlus imp = new ImagePlus("radiograph", sp);
		assertTrue((long) imp.getWidth() * imp.getHeight() > 2_000_000, imp.getWidth() + "x" + imp.getHeight());
		assertEquals(plugin(imp), onnx(imp), 1e-3);
		assertTrue(unitGreyDifference(imp) < 1e-5);
	}

	@Test
	void anImageAtTheModelsSizeOrFlatIsTakenAsThePluginTakesIt() throws Exception {
		int w = model.metadata.preprocessing.width(), h = model.metadata.preprocessing.height();
		ImagePlus exact = new ImagePlus("exact", new PhantomGenerator(3, w, w).generate(1, Label.NORMAL).image.toProcessor().resize(w, h));
		assertEquals(plugin(exact), onnx(exact), 1e-3, "at the model's size the plugin does not resize");
		ImagePlus oneSideExact = new ImagePlus("tall", new PhantomGenerator(4).generate(1, Label.FRACTURE).image.toProcessor().resize(w, 3 * h));
		assertEquals(plugin(oneSideExact), onnx(oneSideExact), 1e-3, "one side at the model's size, the other shrunk");
		FloatProcessor flat = new FloatProcessor(w + 40, h + 25);
		flat.set(812);
		ImagePlus flatImage = new ImagePlus("flat", flat);
		assertEquals(plugin(flatImage), onnx(flatImage), 1e-3, "a flat image: 0.5 everywhere in both");
	}

	@Test
	void aModelOfTheOldIntensityRuleIsNotExportedAsAPackage() {
		io.github.bonefracture.preprocess.Preprocessing before = model.metadata.preprocessing;
		try {
			model.metadata.preprocessing = before.withLegacyIntensity();
			InvalidInputException e = assertThrows(InvalidInputException.class, () -> OnnxExport.graph(model, false, false, false, true, false));
			assertTrue(e.getMessage().contains("divides 8-bit images by 255"), e.getMessage());
		} finally {
			model.metadata.preprocessing = before;
		}
	}
}
