package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.Prediction;

import ij.ImagePlus;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Detect Fracture: the answer drawn on the active image. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Detect Fracture")
public class DetectFractureCommand extends ContextCommand {

	@Parameter(persist = false)
	ImagePlus image;

	@Parameter(label = "Model file", style = "extensions:zip")
	File model_file;

	@Parameter(label = "Threshold (0 = the model's)", min = "0", max = "1", stepSize = "0.05")
	double threshold = 0;

	@Parameter(label = "Show heatmap")
	boolean heatmap = true;

	@Parameter(label = "Flip test-time augmentation")
	boolean flip_tta = false;

	@Parameter(type = ItemIO.OUTPUT)
	double probability;

	@Parameter(type = ItemIO.OUTPUT)
	String label;

	@Parameter
	StatusService status;

	@Parameter
	LogService log;

	@Override
	public void run() {
		try {
			Prediction p = Jobs.detect(image, model_file, threshold, heatmap, flip_tta, new FijiProgress(status, log, this));
			probability = p.probability;
			label = p.label.displayName();
		} catch (RuntimeException e) {
			Errors.fail(this, log, "Detect Fracture", e);
		}
	}
}
