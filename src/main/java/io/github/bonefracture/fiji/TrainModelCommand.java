package io.github.bonefracture.fiji;

import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Train Model: the model saved at the end, curves plotted as it goes. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Train Model")
public class TrainModelCommand extends DeclaredJobCommand {

	@Override
	Job job() {
		return Job.TRAIN;
	}

	@Override
	void run(Settings s, FijiProgress progress) {
		ResultViews.train(s, progress);
	}
}
