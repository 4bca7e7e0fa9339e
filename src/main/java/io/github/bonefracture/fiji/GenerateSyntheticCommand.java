package io.github.bonefracture.fiji;

import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Generate Synthetic X-rays: a generator's samples as a stack, and as PNGs with an output folder. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Generate Synthetic X-rays")
public class GenerateSyntheticCommand extends DeclaredJobCommand {

	@Override
	Job job() {
		return Job.GENERATE_SYNTHETIC;
	}

	@Override
	void run(Settings s, FijiProgress progress) {
		ResultViews.generate(s, progress);
	}
}
