package io.github.bonefracture.fiji;

import io.github.bonefracture.options.Job;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Train Image Generator: a GAN learns synthetic x-rays per class from a dataset folder. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Train Image Generator")
public class TrainImageGeneratorCommand extends JobCommand {

	@Override
	Job job() {
		return Job.GAN_TRAIN;
	}

	@Override
	public void run() {
		try (FijiProgress progress = progress()) {
			try {
				Jobs.trainGenerator(settings(), progress);
			} catch (RuntimeException e) {
				Errors.fail(this, log, job().title(), e);
			}
		}
	}
}
