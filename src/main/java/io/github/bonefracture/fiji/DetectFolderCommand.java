package io.github.bonefracture.fiji;

import io.github.bonefracture.data.ImageLoader;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Detect Fracture (Folder): every image to a CSV, annotated copies when asked. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Detect Fracture (Folder)")
public class DetectFolderCommand extends DetectionCommandBase {

	@Parameter(label = "Image folder", style = "directory")
	File input_folder;

	@Parameter(label = "Output folder (CSV and annotated images)", style = "directory")
	File output_folder;

	@Parameter(label = "Largest image to read (megapixels; larger files are reported, not decoded)", min = "1")
	double max_megapixels = ImageLoader.DEFAULT_MEGAPIXELS;

	@Parameter(type = ItemIO.OUTPUT)
	int images;

	@Parameter(type = ItemIO.OUTPUT)
	int fractures;

	@Parameter(type = ItemIO.OUTPUT)
	int failed;

	@Override
	public void run() {
		try {
			int[] n = Jobs.detectFolder(input_folder, model_file, detectors.detector(model_file), output_folder,
				detectOptions().maxMegapixels(max_megapixels), progress());
			images = n[0];
			fractures = n[1];
			failed = n[2];
		} catch (RuntimeException e) {
			Errors.fail(this, log, "Detect Fracture (Folder)", e);
		}
	}
}
