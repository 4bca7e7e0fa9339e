package io.github.bonefracture.fiji;

import io.github.bonefracture.usecase.TrainImageGenerator;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Train Image Generator: a GAN learns synthetic x-rays per class from a dataset folder. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Train Image Generator")
public class TrainImageGeneratorCommand extends DeclaredJobCommand {

	@Override
	Job job() {
		return Job.TRAIN_GENERATOR;
	}

	@Override
	void run(Settings s, FijiProgress progress) {
		TrainImageGenerator.run(s, progress);
	}
}
