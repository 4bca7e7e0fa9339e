package io.github.bonefracture.fiji;

import java.io.File;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Train Model: the model saved at the end, curves plotted as it goes. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Train Model")
public class TrainModelCommand extends TrainingCommandBase {

	@Parameter(label = "Output model file", style = "save,extensions:zip")
	File model_file;

	@Parameter(label = "Folder for training curves and history (optional)", style = "directory", required = false)
	File output_folder;

	@Override
	public void run() {
		try {
			Jobs.train(config(), dataset_folder, model_file, output_folder, new FijiProgress(status, log, this));
		} catch (RuntimeException e) {
			Errors.fail(this, log, "Train Model", e);
		}
	}
}
