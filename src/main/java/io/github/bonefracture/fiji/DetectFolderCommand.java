package io.github.bonefracture.fiji;


import java.io.File;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Detect Fracture (Folder): every image to a CSV, annotated copies when asked. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Detect Fracture (Folder)")
public class DetectFolderCommand extends ContextCommand {

	@Parameter(label = "Image folder", style = "directory")
	File input_folder;

	@Parameter(label = "Model file", style = "extensions:zip")
	File model_file;

	@Parameter(label = "Output folder (CSV and annotated images)", style = "directory")
	File output_folder;

	@Parameter(label = "Threshold (0 = the model's)", min = "0", max = "1")
	double threshold = 0;

	@Parameter(label = "Draw heatmaps")
	boolean heatmap = true;

	@Parameter(label = "Flip test-time augmentation")
	boolean flip_tta = false;

	@Parameter(type = ItemIO.OUTPUT)
	int images;

	@Parameter(type = ItemIO.OUTPUT)
	int fractures;

	@Parameter(type = ItemIO.OUTPUT)
	int failed;

	@Parameter
	StatusService status;

	@Parameter
	LogService log;

	@Override
	public void run() {
		try {
			int[] n = Jobs.detectFolder(input_folder, model_file, output_folder, threshold, heatmap, flip_tta, new FijiProgress(status, log, this));
			images = n[0];
			fractures = n[1];
			failed = n[2];
		} catch (RuntimeException e) {
			Errors.fail(this, log, "Detect Fracture (Folder)", e);
		}
	}
}
