package io.github.bonefracture.export;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.ModelTraining;
import io.github.bonefracture.engine.TinyNets;

import java.nio.file.Path;

/** A BioImage.IO package of a tiny DenseNet trained for one epoch on phantoms, with heatmap outputs: what the consumer tests read. */
final class TinyPackage {
	private TinyPackage() {}

	/** Trains the model and writes dir/package.zip; returns its path. */
	static Path write(Path dir) {
		Path model = dir.resolve("model.zip");
		new ModelTraining(TinyNets.denseNet(1), Backends.dl4j(), Progress.NONE, null).run(TinyNets.phantoms(dir.resolve("data"), 8, 64, 1), model);
		ExportOptions o = new ExportOptions();
		o.heatmapOutputs = true;
		o.authors = "A. Tester";
		Path zip = dir.resolve("package.zip");
		ModelExport.run(model, o, zip, Backends.dl4j(), Progress.NONE);
		return zip;
	}
}
