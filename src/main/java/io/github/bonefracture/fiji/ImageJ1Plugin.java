package io.github.bonefracture.fiji;

import io.github.bonefracture.core.CanceledException;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.engine.Architecture;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.TrainingConfig;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import java.io.File;
import java.util.Locale;

/**
 * The same menu entries for plain ImageJ 1.x (plugins.config), with the same
 * macro keys as the Fiji commands. In a macro the options are read directly;
 * otherwise a dialog asks, and ImageJ's recorder writes what it asked.
 */
public class ImageJ1Plugin implements PlugIn {

	@Override
	public void run(String arg) {
		String options = Macro.getOptions();
		try {
			MacroOptions o = options != null ? new MacroOptions(options) : dialog(arg);
			if (o == null) return;
			Progress progress = new ImageJ1Progress();
			switch (arg) {
				case "detect": {
					ImagePlus imp = WindowManager.getCurrentImage();
					if (imp == null) throw new InvalidInputException("Detect Fracture needs an open image");
					File model = o.file("model_file", true);
					// ImageJ 1.x has no SciJava context to keep a detector in: one per call.
					try (Detector d = Detector.load(model.toPath())) {
						Jobs.detect(imp, model, d, detectOptions(o), progress);
					}
					imp.updateAndDraw();
					break;
				}
				case "detect-folder":
					try (Detector d = Detector.load(o.file("model_file", true).toPath())) {
						Jobs.detectFolder(o.file("input_folder", true), o.file("model_file", true), d, o.file("output_folder", true),
							detectOptions(o).maxMegapixels(o.number("max_megapixels", ImageLoader.DEFAULT_MEGAPIXELS)), progress);
					}
					break;
				case "train":
					Jobs.train(config(o), o.file("dataset_folder", true), o.file("model_file", true), o.file("output_folder", false), progress);
					break;
				case "kfold":
					Jobs.kfold(config(o), o.file("dataset_folder", true), o.integer("k", 10), (long) o.number("fold_seed", 42),
						o.file("output_folder", false), progress);
					break;
				default:
					throw new InvalidInputException("Unknown Bone Fracture Detection command '" + arg + "'");
			}
		} catch (InvalidInputException e) {
			fail(e.getMessage());
		} catch (CanceledException e) {
			IJ.showStatus("Bone Fracture Detection: canceled");
			if (options != null) Macro.abort();
		} catch (RuntimeException e) {
			IJ.log("Bone Fracture Detection failed: " + e);
			fail(e.toString());
		}
	}

	private static void fail(String message) {
		IJ.error("Bone Fracture Detection", message);
		if (Macro.getOptions() != null) Macro.abort();
	}

	/** The same training settings and keys as the Fiji commands. */
	static Detector.Options detectOptions(MacroOptions o) {
		return Detector.Options.of(o.number("threshold", 0), o.bool("heatmap", true), o.bool("flip_tta", false)).bf16(o.bool("bfloat16", false));
	}

	static TrainingConfig config(MacroOptions o) {
		TrainingConfig c = new TrainingConfig();
		c.architecture = Architecture.parse(o.string("architecture", "densenet121"));
		c.weights = TrainingConfig.WeightSource.valueOf(o.string("weights", "imagenet").toUpperCase(Locale.ROOT));
		File wf = o.file("weights_file", false);
		c.weightsFile = wf == null ? null : wf.getPath();
		c.weightsCache = ModelFolder.cache();
		c.phase1Epochs = o.integer("epochs1", c.phase1Epochs);
		c.phase1LearningRate = o.number("lr1", c.phase1LearningRate);
		c.phase2Epochs = o.integer("epochs2", c.phase2Epochs);
		c.phase2LearningRate = o.number("lr2", c.phase2LearningRate);
		c.batchSize = o.integer("batch_size", c.batchSize);
		c.imageSize = o.integer("image_size", c.imageSize);
		c.augmentFlip = o.bool("flip", true);
		c.augmentRotation = o.number("rotation", c.augmentRotation);
		c.augmentZoom = o.number("zoom", c.augmentZoom);
		c.augmentBrightness = o.number("brightness", c.augmentBrightness);
		File pre = o.file("pretrain_folder", false);
		c.pretrainDir = pre == null ? null : pre.getPath();
		c.seed = (long) o.number("seed", c.seed);
		c.reuseBaseFeatures = o.bool("reuse_features", false);
		c.maxMegapixels = o.number("max_megapixels", c.maxMegapixels);
		return c.validate();
	}

	/** Asks interactively; the answers become an options string so both paths read the same keys. */
	private static MacroOptions dialog(String arg) {
		GenericDialog gd = new GenericDialog("Bone Fracture Detection");
		String last = Prefs.get(ModelFolder.LAST_MODEL, "");
		boolean training = arg.equals("train") || arg.equals("kfold");
		if (arg.equals("detect-folder")) gd.addDirectoryField("input_folder", "");
		if (training) gd.addDirectoryField("dataset_folder", "");
		if (!arg.equals("kfold")) gd.addFileField("model_file", arg.equals("train") ? "" : last);
		if (arg.equals("detect-folder") || training) gd.addDirectoryField("output_folder", "");
		if (!training) {
			gd.addNumericField("threshold", 0, 2);
			gd.addCheckbox("heatmap", true);
			gd.addCheckbox("flip_tta", false);
			gd.addCheckbox("bfloat16", false);
		} else {
			gd.addChoice("architecture", new String[] {"densenet121", "baseline-cnn"}, "densenet121");
			gd.addChoice("weights", new String[] {"imagenet", "model", "random"}, "imagenet");
			gd.addNumericField("epochs1", 25, 0);
			gd.addNumericField("lr1", 1e-3, 6);
			gd.addNumericField("epochs2", 10, 0);
			gd.addNumericField("lr2", 1e-5, 6);
			gd.addNumericField("batch_size", 6, 0);
			gd.addNumericField("image_size", 150, 0);
			gd.addNumericField("seed", 42, 0);
			if (arg.equals("kfold")) {
				gd.addNumericField("k", 10, 0);
				gd.addNumericField("fold_seed", 42, 0);
			}
		}
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		StringBuilder sb = new StringBuilder();
		if (arg.equals("detect-folder")) put(sb, "input_folder", gd.getNextString());
		if (training) put(sb, "dataset_folder", gd.getNextString());
		if (!arg.equals("kfold")) put(sb, "model_file", gd.getNextString());
		if (arg.equals("detect-folder") || training) put(sb, "output_folder", gd.getNextString());
		if (!training) {
			put(sb, "threshold", String.valueOf(gd.getNextNumber()));
			put(sb, "heatmap", String.valueOf(gd.getNextBoolean()));
			put(sb, "flip_tta", String.valueOf(gd.getNextBoolean()));
			put(sb, "bfloat16", String.valueOf(gd.getNextBoolean()));
		} else {
			put(sb, "architecture", gd.getNextChoice());
			put(sb, "weights", gd.getNextChoice());
			for (String k : new String[] {"epochs1", "lr1", "epochs2", "lr2", "batch_size", "image_size", "seed"}) put(sb, k, String.valueOf(gd.getNextNumber()));
			if (arg.equals("kfold")) for (String k : new String[] {"k", "fold_seed"}) put(sb, k, String.valueOf(gd.getNextNumber()));
		}
		return new MacroOptions(sb.toString());
	}

	private static void put(StringBuilder sb, String key, String value) {
		sb.append(key).append("=[").append(value).append("] ");
	}

	/** ImageJ 1.x's log, status bar and Esc key. */
	private static final class ImageJ1Progress implements Progress {
		@Override
		public void info(String message) {
			IJ.log(message);
		}

		@Override
		public void warn(String message) {
			IJ.log("WARNING: " + message);
		}

		@Override
		public void progress(String task, long done, long total) {
			IJ.showStatus(task);
			if (total > 0) IJ.showProgress((double) done / total);
		}

		@Override
		public boolean isCanceled() {
			return IJ.escapePressed();
		}
	}
}
