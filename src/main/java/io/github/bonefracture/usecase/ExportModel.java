package io.github.bonefracture.usecase;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.export.ModelExport;
import io.github.bonefracture.options.Settings;

import java.nio.file.Path;

/** Export Model: a model file as a BioImage.IO package or a plain ONNX graph, written whole or not at all. */
public final class ExportModel {
	private ExportModel() {}

	public static Path run(Settings s, Progress progress) {
		Path out = s.output.toPath();
		ModelExport.run(s.model.toPath(), s.export, out, RunStart.backend(s, progress), progress);
		progress.info("Wrote " + out);
		return out;
	}
}
