package io.github.bonefracture.fiji;

import io.github.bonefracture.usecase.DetectFracture;
import io.github.bonefracture.usecase.ExportModel;
import io.github.bonefracture.usecase.TrainImageGenerator;
import io.github.bonefracture.core.CanceledException;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Options;
import io.github.bonefracture.options.Settings;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.plugin.PlugIn;

import java.io.File;
import java.util.Map;

/**
 * The same menu entries for plain ImageJ 1.x (plugins.config), built from the
 * same option declarations as the Fiji commands and the command line. In a
 * macro the keys are read as ImageJ reads them (a missing checkbox is false,
 * any other missing key its declared default); otherwise a dialog asks,
 * starting from the user's last answers (ImageJ's Prefs), and ImageJ's
 * recorder writes what it asked.
 */
public class ImageJ1Plugin implements PlugIn {

	@Override
	public void run(String arg) {
		String options = Macro.getOptions();
		try {
			Job job = job(arg);
			ImagePlus imp = WindowManager.getCurrentImage();
			// Preconditions before any dialog.
			if (job == Job.DETECT && imp == null) throw new InvalidInputException(job.title() + " needs an open image: open an x-ray first (File > Open)");
			java.util.Optional<Settings> s = options != null ? java.util.Optional.of(fromMacro(job, options)) : IJ1Dialog.ask(job);
			if (s.isEmpty()) return;
			Progress progress = new ImageJ1Progress();
			FACES.get(job).run(s.get(), imp, progress);
		} catch (InvalidInputException e) {
			Errors.ij1(e.getMessage());
		} catch (CanceledException e) {
			IJ.log("Bone Fracture Detection: canceled");
			IJ.showStatus("Bone Fracture Detection: canceled");
			IJ.showProgress(1.0);
			if (options != null) Macro.abort();
		} catch (RuntimeException e) {
			IJ.log("Bone Fracture Detection failed: " + e);
			Errors.ij1(e.toString());
		}
	}

	/** One job in plain ImageJ: calls its use case and shows the result. */
	interface Face {
		void run(Settings s, ImagePlus imp, Progress progress);
	}

	/** Every job's face; JobFacesTest fails when a job has none. */
	static final Map<Job, Face> FACES = Map.of(
		Job.DETECT, (s, imp, progress) -> {
			// ImageJ 1.x has no SciJava context to keep a detector in: one per call.
			try (Detector d = DetectFracture.load(s, progress)) {
				ResultViews.detect(imp, d, s, progress);
			}
			imp.updateAndDraw();
		},
		Job.DETECT_FOLDER, (s, imp, progress) -> {
			try (Detector d = DetectFracture.load(s, progress)) {
				ResultViews.detectFolder(d, s, progress);
			}
		},
		Job.EVALUATE, (s, imp, progress) -> {
			try (Detector d = DetectFracture.load(s, progress)) {
				ResultViews.evaluate(d, s, progress);
			}
		},
		Job.EXPORT, (s, imp, progress) -> ExportModel.run(s, progress),
		Job.TRAIN_GENERATOR, (s, imp, progress) -> TrainImageGenerator.run(s, progress),
		Job.GENERATE_SYNTHETIC, (s, imp, progress) -> ResultViews.generate(s, progress),
		Job.TRAIN, (s, imp, progress) -> ResultViews.train(s, progress),
		Job.KFOLD_EVALUATE, (s, imp, progress) -> ResultViews.kfold(s, progress));

	/** The plugins.config argument: the job's command name. */
	static Job job(String arg) {
		return Job.ofCommand(arg).orElseThrow(() -> new InvalidInputException("Unknown Bone Fracture Detection command '" + arg + "'"));
	}

	/** The settings a macro line gives, read key by key with ImageJ's own rules. */
	static Settings fromMacro(Job job, String options) {
		return Options.settings(job, o -> MacroKeys.value(options, o));
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
