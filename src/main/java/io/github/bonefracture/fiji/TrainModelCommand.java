package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.TrainingJob;

import java.io.File;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Train Model: the model saved at the end, curves plotted as it goes. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Train Model")
public class TrainModelCommand extends TrainingCommandBase {

	@Parameter(label = "Output model file", style = "save,extensions:zip")
	File model_file;

	@Override
	public void run() {
		TrainingCurves curves = new TrainingCurves();
		try {
			new TrainingJob(config(), new FijiProgress(status, log, this), curves).run(dataset_folder.toPath(), model_file.toPath());
			ModelFolder.rememberLastModel(model_file);
		} catch (RuntimeException e) {
			Errors.fail(this, log, "Train Model", e);
		}
	}
}
