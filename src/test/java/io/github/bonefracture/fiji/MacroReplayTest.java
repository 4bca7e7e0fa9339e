package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.Precision;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Opt;
import io.github.bonefracture.options.Options;
import io.github.bonefracture.options.Settings;

import ij.Macro;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleRunner;
import org.scijava.module.ModuleService;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginService;

/**
 * Macro lines replayed exactly as ImageJ's recorder writes them (unticked
 * boxes absent, ticked ones as bare words, [brackets] around paths with
 * spaces) and as Fiji records SciJava commands (key=true/false), through
 * both faces: the plain-ImageJ entry's own reading, and the SciJava command
 * through SciJava's real preprocessors plus imagej-legacy's rule
 * ({@link LegacyMacroRule}). Both must give the same settings, and a
 * remembered dialog value must never stand in for a key the line leaves out.
 */
class MacroReplayTest {

	static Context context;

	@BeforeAll
	static void context() {
		context = new Context(CommandService.class, org.scijava.app.StatusService.class, org.scijava.log.LogService.class,
			DetectorService.class, org.scijava.convert.ConvertService.class, org.scijava.prefs.PrefService.class);
		context.service(org.scijava.prefs.PrefService.class).clearAll();
	}

	@AfterAll
	static void dispose() {
		context.dispose();
	}

	static final java.util.Map<Job, Class<? extends DeclaredJobCommand>> COMMANDS = OptionFacesTest.SCIJAVA;

	/**
	 * The SciJava command's settings after preprocessing as a macro call:
	 * in a thread named as ImageJ names macro threads ("Run$_"), where
	 * Macro.getOptions answers; null options = a dialog run (no macro).
	 */
	static Settings scijava(Job job, String options) throws Exception {
		AtomicReference<Object> out = new AtomicReference<>();
		Thread t = new Thread(() -> {
			try {
				if (options != null) Macro.setOptions(options);
				Module m = context.service(ModuleService.class).createModule(context.service(CommandService.class).getCommand(COMMANDS.get(job)));
				if (job == Job.DETECT) {
					m.setInput("image", new ij.ImagePlus("x-ray", new ij.process.ByteProcessor(8, 8)));
					m.resolveInput("image");
				}
				List<PreprocessorPlugin> pre = context.service(PluginService.class).createInstancesOfType(PreprocessorPlugin.class);
				var stopped = new ModuleRunner(context, m, pre, List.of()).preProcess();
				if (stopped != null) throw new AssertionError(stopped + " stopped the command: " + stopped.getCancelReason());
				out.set(((DeclaredJobCommand) m).settings());
			} catch (Throwable e) {
				out.set(e);
			} finally {
				Macro.setOptions(null);
			}
		}, "Run$_macro-replay");
		t.start();
		t.join();
		if (out.get() instanceof Throwable) throw new AssertionError((Throwable) out.get());
		return (Settings) out.get();
	}

	static void assertSame(Settings a, Settings b, String what) {
		assertEquals(a.training.toJson(), b.training.toJson(), what);
		assertEquals(a.detection.heatmap, b.detection.heatmap, what);
		assertEquals(a.detection.flipTta, b.detection.flipTta, what);
		assertEquals(a.detection.precision, b.detection.precision, what);
		assertEquals(a.detection.threshold, b.detection.threshold, 0, what);
		assertEquals(a.detection.maxPixels, b.detection.maxPixels, what);
		assertEquals(a.input, b.input, what);
		assertEquals(a.dataset, b.dataset, what);
		assertEquals(a.model, b.model, what);
		assertEquals(a.output, b.output, what);
		assertEquals(a.k, b.k, what);
		assertEquals(a.foldSeed, b.foldSeed, what);
		assertEquals(a.export.format, b.export.format, what);
		assertEquals(a.export.heatmapOutputs, b.export.heatmapOutputs, what);
		assertEquals(a.export.authors, b.export.authors, what);
		assertEquals(a.export.license, b.export.license, what);
	}

	static Settings both(Job job, String line) throws Exception {
		Settings ij1 = ImageJ1Plugin.fromMacro(job, line);
		Settings fiji = scijava(job, line);
		assertSame(ij1, fiji, job + ": " + line);
		return fiji;
	}

	@Test
	void recordedLinesGiveTheSameSettingsOnBothFaces() throws Exception {
		// ImageJ 1.x's recorder: an unticked box is left out, a ticked one is a bare word, a path with spaces in brackets.
		Settings d = both(Job.DETECT, "model_file=[/models/my model.zip] threshold=0");
		assertFalse(d.detection.heatmap, "an unticked heatmap box recorded by leaving it out");
		assertEquals("/models/my model.zip", d.model.getPath());
		Settings h = both(Job.DETECT, "model_file=/m.zip threshold=0.3 heatmap flip_tta");
		assertTrue(h.detection.heatmap && h.detection.flipTta && h.detection.precision == Precision.FLOAT, "precision left out: float");
		assertEquals(0.3, h.detection.threshold, 0);
		// Fiji's recorder for SciJava commands: key=true/false.
		Settings f = both(Job.DETECT_FOLDER, "input_folder=/in model_file=/m.zip output_folder=/out threshold=0 heatmap=false flip_tta=true precision=auto");
		assertFalse(f.detection.heatmap);
		assertTrue(f.detection.flipTta);
		assertEquals(Precision.AUTO, f.detection.precision);
		// The README's Fiji-recorder line, every key of Detect Fracture.
		Settings r = both(Job.DETECT, "model_file=[/models/my model.zip] threshold=0.0 heatmap=true flip_tta=false precision=float error_rate=0.1 backend=auto");
		assertEquals(Precision.FLOAT, r.detection.precision);
		assertEquals(0.1, r.detection.alpha, 0);
		Settings k = both(Job.KFOLD_EVALUATE, "dataset_folder=[/data/x rays] k=3 fold_seed=7 architecture=baseline-cnn weights=random epochs1=2 epochs2=0 flip training_seed=42");
		assertEquals(42, k.training.seed, "the training seed is not the fold seed");
		assertEquals(7, k.foldSeed);
		assertEquals(3, k.k);
		assertTrue(k.training.augmentFlip);
		Settings x = both(Job.EXPORT, "model_file=/m.zip format=onnx export_file=[/out/my model.onnx] heatmap_outputs authors=[A. B, C. D] license=CC0-1.0");
		assertEquals(io.github.bonefracture.export.ExportOptions.Format.ONNX, x.export.format);
		assertEquals("A. B, C. D", x.export.authors);
		assertEquals("CC0-1.0", x.export.license);
		assertTrue(x.export.heatmapOutputs);
		assertEquals(new java.io.File("/out/my model.onnx"), x.output);
		Settings t = both(Job.TRAIN, "dataset_folder=/d model_file=/m.zip epochs1=1 lr1=0.01 reuse_features rotation=0 zoom=0 brightness=0");
		assertFalse(t.training.augmentFlip, "flip left out: unticked");
		assertTrue(t.training.reuseBaseFeatures);
		assertEquals(0.01, t.training.phase1LearningRate, 0);
		Settings g = both(Job.TRAIN_GENERATOR, "dataset_folder=[/data/x rays] generator_file=/g.zip generator_size=32 generator_epochs=5 batch_size=4 training_seed=3");
		assertEquals(32, g.training.generatorConfig().imageSize, "generator_size is not image_size, nor taken by it");
		assertEquals(io.github.bonefracture.engine.TrainingConfig.reference().imageSize, g.training.imageSize);
		assertEquals(5, g.training.generatorConfig().epochs);
		assertEquals(4, g.training.generatorConfig().batchSize);
		assertEquals(3, g.training.generatorConfig().seed);
		Settings sample = both(Job.GENERATE_SYNTHETIC, "generator_file=/g.zip synthetic_count=7 output_folder=/out sampling_seed=9");
		assertEquals(7, sample.syntheticCount);
		assertEquals(9, sample.samplingSeed);
		Settings syn = both(Job.KFOLD_EVALUATE, "dataset_folder=/d synthetic_per_class=12 generator_file=/g.zip image_size=96 generator_size=16");
		assertEquals(12, syn.training.syntheticPerClass, "synthetic_per_class is not synthetic_count");
		assertEquals("/g.zip", syn.training.generatorFile);
		assertEquals(96, syn.training.imageSize);
		assertEquals(16, syn.training.generator.imageSize);
	}

	@Test
	void aMacroNeverGetsTheDialogsRememberedValues() throws Exception {
		ModuleService ms = context.service(ModuleService.class);
		Module m = ms.createModule(context.service(CommandService.class).getCommand(TrainModelCommand.class));
		@SuppressWarnings("unchecked")
		ModuleItem<Integer> epochs = (ModuleItem<Integer>) m.getInfo().getInput("epochs1");
		@SuppressWarnings("unchecked")
		ModuleItem<Boolean> reuse = (ModuleItem<Boolean>) m.getInfo().getInput("balance_classes");
		ms.save(epochs, 3);
		ms.save(reuse, true);
		// What a user typed into the dialog last time, the required paths included.
		for (String path : new String[] {"dataset_folder", "model_file"}) {
			@SuppressWarnings("unchecked")
			ModuleItem<java.io.File> item = (ModuleItem<java.io.File>) m.getInfo().getInput(path);
			ms.save(item, new java.io.File("/remembered/" + path));
		}
		try {
			Settings dialog = scijava(Job.TRAIN, null);
			assertEquals(3, dialog.training.phase1Epochs, "a dialog starts from the remembered value");
			Settings macro = scijava(Job.TRAIN, "dataset_folder=/d model_file=/m.zip flip");
			assertEquals(Options.find(Job.TRAIN, "epochs1").defaultValue(), macro.training.phase1Epochs, "a macro's missing key is the declared default");
			// balance_classes waits behind the dialog's Advanced options step: unseen, it keeps its declared default,
			// as in plain ImageJ's dialog (the advanced step starts from the remembered value: TwoStepDialogTest).
			assertFalse(Options.find(Job.TRAIN, "balance_classes").essentialIn(Job.TRAIN));
			assertEquals(Options.find(Job.TRAIN, "balance_classes").defaultValue(), dialog.training.classWeights, "an unseen advanced box");
			assertFalse(macro.training.classWeights, "a box the macro line leaves out is unticked");
		} finally {
			ms.save(epochs, (Integer) Options.find(Job.TRAIN, "epochs1").defaultValue());
			ms.save(reuse, false);
		}
	}

	@Test
	void badMacroValuesNameTheKey() {
		for (String line : List.of("dataset_folder=/d model_file=/m.zip lr1=Infinity", "dataset_folder=/d model_file=/m.zip batch_size=1.5",
			"dataset_folder=/d model_file=/m.zip architecture=resnet")) {
			String key = line.substring(line.lastIndexOf(' ') + 1, line.lastIndexOf('='));
			var e = assertThrows(io.github.bonefracture.core.InvalidOptionException.class, () -> ImageJ1Plugin.fromMacro(Job.TRAIN, line));
			assertEquals(key, e.key(), e.getMessage());
		}
	}

	@Test
	void testsUseTheirOwnHome() {
		// Surefire gives the tests a home of their own: preferences written here never reach the user's.
		assertTrue(System.getProperty("user.home").replace('\\', '/').endsWith("target/test-home"), System.getProperty("user.home"));
		assertTrue(ij.Prefs.getPrefsDir().replace('\\', '/').contains("target/test-home"), ij.Prefs.getPrefsDir());
	}

	static Opt opt(Job job, String key) {
		return Options.find(job, key);
	}
}
