package io.github.bonefracture.cli;

import io.github.bonefracture.usecase.ExportModel;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import picocli.CommandLine.Command;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
	description = "A model file as a BioImage.IO model package (ONNX weights, test tensors, rdf.yaml) or as a plain ONNX graph, "
		+ "for deepImageJ, QuPath, JDLL, ONNX Runtime or Python.")
final class ExportCommand extends JobCli {

	ExportCommand() {
		super(Job.EXPORT);
	}

	@Override
	public String activity() {
		return progress.describe("exporting " + given("--model"));
	}

	@Override
	int run(Settings s) {
		ExportModel.run(s, progress);
		return Main.DONE;
	}
}
