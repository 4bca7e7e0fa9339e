package io.github.bonefracture.fiji;

import io.github.bonefracture.usecase.ExportModel;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Export Model: a model file as a BioImage.IO package or an ONNX graph. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Export Model")
public class ExportModelCommand extends DeclaredJobCommand {

	@Override
	Job job() {
		return Job.EXPORT;
	}

	@Override
	void run(Settings s, FijiProgress progress) {
		ExportModel.run(s, progress);
	}
}
