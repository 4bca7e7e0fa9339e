package io.github.bonefracture.export;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.ModelFile;

import java.nio.file.Path;

/** The Export Model job: a model file to an ONNX graph or a BioImage.IO package, written whole or not at all. */
public final class ModelExport {
	private ModelExport() {}

	public static void run(Path modelFile, ExportOptions o, Path output, Backend backend, Progress progress) {
		if (o.int8 && o.format != ExportOptions.Format.ONNX)
			throw new io.github.bonefracture.core.InvalidOptionException("int8", "a BioImage.IO package carries the float graph; choose format onnx for the int8 graph");
		OutputFiles.checkFile(output, "export file");
		progress.info("Reading " + modelFile.getFileName());
		ModelFile model = ModelFile.load(modelFile);
		progress.info("Exporting " + modelFile.getFileName() + " as " + (o.format == ExportOptions.Format.ONNX ? (o.int8 ? "an int8 (QDQ) ONNX graph" : "ONNX") : "a BioImage.IO package"));
		if (o.format == ExportOptions.Format.ONNX) OnnxExport.write(model, o.heatmapOutputs, o.int8, output);
		else BioImageIoPackage.write(model, modelFile, o, backend, output);
	}
}
