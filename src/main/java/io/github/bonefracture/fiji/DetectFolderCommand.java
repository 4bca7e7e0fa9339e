package io.github.bonefracture.fiji;

import io.github.bonefracture.backend.Backends;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Detect Fracture (Folder): every image to a table and a CSV, annotated copies when asked. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Detect Fracture (Folder)")
public class DetectFolderCommand extends JobCommand {

	@Parameter
	DetectorService detectors;

	@Parameter(type = ItemIO.OUTPUT)
	int images;

	@Parameter(type = ItemIO.OUTPUT)
	int fractures;

	@Parameter(type = ItemIO.OUTPUT)
	int failed;

	@Override
	Job job() {
		return Job.DETECT_FOLDER;
	}

	@Override
	void run(Settings s, FijiProgress progress) {
		int[] n = Jobs.detectFolder(s.input, s.model, detectors.detector(s.model, Backends.choose(s.backend, progress)), s.output, s.detection, progress);
		images = n[0];
		fractures = n[1];
		failed = n[2];
	}
}
