package io.github.bonefracture.hostile;

import io.github.bonefracture.engine.Architecture;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.engine.ModelMetadata;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.nets.NativeRuntime;

import java.nio.file.Path;

/**
 * A child process for the kill test: builds a full-size DenseNet121 (a
 * save takes long enough to be killed in the middle) and saves it over the
 * target again and again, saying when each save starts and ends.
 */
public final class ModelSaveLoop {

	private ModelSaveLoop() {}

	public static void main(String[] args) {
		NativeRuntime.configure();
		Path target = Path.of(args[0]);
		TrainingConfig c = new TrainingConfig();
		c.weights = TrainingConfig.WeightSource.RANDOM;
		ModelMetadata m = new ModelMetadata();
		m.architecture = Architecture.DENSENET121;
		m.preprocessing = c.architecture.preprocessing(c);
		m.featureLayer = c.architecture.featureLayer();
		m.outputLayer = c.architecture.outputLayer();
		m.training = c;
		ModelFile model = new ModelFile(c.architecture.build(c), m);
		for (int i = 1; ; i++) {
			System.out.println("saving " + i);
			System.out.flush();
			model.save(target);
			System.out.println("saved " + i);
			System.out.flush();
		}
	}
}
