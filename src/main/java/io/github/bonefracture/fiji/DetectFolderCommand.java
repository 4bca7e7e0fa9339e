package io.github.bonefracture.fiji;

import io.github.bonefracture.usecase.DetectFolder;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Detect Fracture (Folder): every image to a table and a CSV, annotated copies when asked. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Detect Fracture (Folder)")
public class DetectFolderCommand extends DeclaredJobCommand {

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
		DetectFolder.Result r = ResultViews.detectFolder(detectors.detector(s, progress), s, progress);
		images = r.files.size();
		fractures = r.fractures;
		failed = r.unreadable;
	}
}
