package io.github.bonefracture.fiji;

import io.github.bonefracture.prediction.Prediction;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import ij.ImagePlus;
import ij.WindowManager;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Detect Fracture: the answer drawn on the active image. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Detect Fracture")
public class DetectFractureCommand extends DeclaredJobCommand {

	@Parameter(persist = false)
	ImagePlus image;

	@Parameter
	DetectorService detectors;

	@Parameter(type = ItemIO.OUTPUT)
	double probability;

	@Parameter(type = ItemIO.OUTPUT)
	String label;

	/** The label, or "Uncertain" or "Outside training data" where the model cannot stand behind it. */
	@Parameter(type = ItemIO.OUTPUT)
	String answer;

	@Override
	Job job() {
		return Job.DETECT;
	}

	/** Says there is no image before a dialog asks for settings. */
	@Override
	public void initialize() {
		if (image == null && WindowManager.getCurrentImage() == null)
			cancel(Errors.wrap(Job.DETECT.title() + " needs an open image: open an x-ray first (File > Open)"));
	}

	@Override
	void run(Settings s, FijiProgress progress) {
		Prediction p = ResultViews.detect(image, detectors.detector(s, progress), s, progress);
		probability = p.probability;
		label = p.label.displayName();
		answer = p.answer();
	}
}
