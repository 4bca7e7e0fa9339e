package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.Prediction;
import io.github.bonefracture.render.ResultOverlay;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Detect Fracture: the answer drawn on the active image. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Detect Fracture")
public class DetectFractureCommand extends ContextCommand {

	public static final String TABLE = "Bone Fracture Detection";

	@Parameter(persist = false)
	private ImagePlus image;

	@Parameter(label = "Model file", style = "extensions:zip")
	private File model_file;

	@Parameter(label = "Threshold (0 = the model's)", min = "0", max = "1", stepSize = "0.05")
	private double threshold = 0;

	@Parameter(label = "Show heatmap")
	private boolean heatmap = true;

	@Parameter(label = "Flip test-time augmentation")
	private boolean flip_tta = false;

	@Parameter(type = ItemIO.OUTPUT)
	private double probability;

	@Parameter(type = ItemIO.OUTPUT)
	private String label;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		try {
			Detector detector = Detector.load(model_file.toPath());
			Detector.Options o = Detector.Options.of(threshold, heatmap, flip_tta);
			Prediction p = detector.detect(image, o);
			ResultOverlay.apply(image, p, heatmap);
			probability = p.probability;
			label = p.label.displayName();
			log.info(String.format("%s: %s", image.getTitle(), p));
			ResultsTable rt = table();
			rt.incrementCounter();
			rt.addValue("Image", image.getTitle());
			rt.addValue("P(fracture)", p.probability);
			rt.addValue("Label", label);
			rt.addValue("Threshold", p.threshold);
			rt.addValue("Model", model_file.getName());
			if (!java.awt.GraphicsEnvironment.isHeadless()) rt.show(TABLE);
		} catch (RuntimeException e) {
			Errors.fail(this, log, "Detect Fracture", e);
		}
	}

	/** The plugin's results window when there is a screen; headless runs report through outputs and the log. */
	static ResultsTable table() {
		ResultsTable rt = java.awt.GraphicsEnvironment.isHeadless() ? null : ResultsTable.getResultsTable(TABLE);
		return rt == null ? new ResultsTable() : rt;
	}

	public double probability() {
		return probability;
	}
}
