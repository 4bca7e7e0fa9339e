package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.DetectionReport;
import io.github.bonefracture.engine.Detector;

import java.io.File;
import java.util.List;

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
			Detector d = Detector.load(model_file.toPath());
			Detector.Options o = Detector.Options.of(threshold, heatmap, flip_tta);
			List<Detector.FileResult> r = d.detectFiles(DetectionReport.imageFiles(input_folder.toPath()), o, new FijiProgress(status, log, this));
			DetectionReport.write(r, output_folder.toPath(), model_file.getName(), heatmap);
			images = r.size();
			failed = (int) r.stream().filter(x -> x.error != null).count();
			fractures = (int) r.stream().filter(x -> x.prediction != null && x.prediction.label == io.github.bonefracture.data.Label.FRACTURE).count();
			for (Detector.FileResult x : r) if (x.error != null) log.warn("Skipped " + x.file + ": " + x.error);
			log.info(String.format("%d images: %d called Fracture, %d unreadable; results in %s", images, fractures, failed,
				new File(output_folder, DetectionReport.CSV)));
		} catch (RuntimeException e) {
			Errors.fail(this, log, "Detect Fracture (Folder)", e);
		}
	}
}
