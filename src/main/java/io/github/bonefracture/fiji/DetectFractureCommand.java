package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.Prediction;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Detect Fracture: the answer drawn on the active image. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Detect Fracture")
public class DetectFractureCommand extends DetectionCommandBase {

	@Parameter(persist = false)
	ImagePlus image;

	@Parameter(type = ItemIO.OUTPUT)
	double probability;

	@Parameter(type = ItemIO.OUTPUT)
	String label;

	@Override
	public void run() {
		try {
			Prediction p = Jobs.detect(image, model_file, detectors.detector(model_file), detectOptions(), progress());
			probability = p.probability;
			label = p.label.displayName();
		} catch (RuntimeException e) {
			Errors.fail(this, log, "Detect Fracture", e);
		}
	}
}
