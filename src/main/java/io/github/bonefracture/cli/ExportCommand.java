package io.github.bonefracture.cli;

import io.github.bonefracture.usecase.ExportModel;
import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.options.Job;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
	description = "A model file as a BioImage.IO model package (ONNX weights, test tensors, rdf.yaml) or as a plain ONNX graph, "
		+ "for deepImageJ, QuPath, JDLL, ONNX Runtime or Python.")
final class ExportCommand implements Callable<Integer>, Main.Activity, JobOptions.DeclaredJob {

	@Spec
	CommandSpec spec;

	private final ConsoleProgress progress = ConsoleProgress.forTerminal();

	@Override
	public Job job() {
		return Job.EXPORT;
	}

	@Override
	public String activity() {
		return progress.describe("exporting " + spec.findOption("--model").getValue());
	}

	@Override
	public Integer call() {
		ExportModel.run(JobOptions.settings(spec, job()), progress);
		return Main.DONE;
	}
}
