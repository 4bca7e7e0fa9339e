package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.Detector;

import java.io.File;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/** The detection options that Detect Fracture and Detect Fracture (Folder) share, as macro keys. */
public abstract class DetectionCommandBase extends ContextCommand {

	@Parameter(label = "Model file", style = "extensions:zip")
	File model_file;

	@Parameter(label = "Threshold (0 = the model's)", min = "0", max = "1", stepSize = "0.05")
	double threshold = 0;

	@Parameter(label = "Show heatmap")
	boolean heatmap = true;

	@Parameter(label = "Flip test-time augmentation")
	boolean flip_tta = false;

	@Parameter(label = "bfloat16 arithmetic (faster where the CPU has it)")
	boolean bfloat16 = false;

	Detector.Options detectOptions() {
		return Detector.Options.of(threshold, heatmap, flip_tta).bf16(bfloat16);
	}

	@Parameter
	StatusService status;

	@Parameter
	DetectorService detectors;

	@Parameter
	LogService log;

	FijiProgress progress() {
		return new FijiProgress(status, log, this);
	}
}
