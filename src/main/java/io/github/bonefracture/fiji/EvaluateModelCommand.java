package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.ExternalEvaluation;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > Evaluate Model: a model on a labelled test set it never saw. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>Evaluate Model")
public class EvaluateModelCommand extends DeclaredJobCommand {

	@Parameter
	DetectorService detectors;

	@Parameter(type = ItemIO.OUTPUT)
	double auc;

	@Parameter(type = ItemIO.OUTPUT)
	double sensitivity;

	@Parameter(type = ItemIO.OUTPUT)
	double specificity;

	@Override
	Job job() {
		return Job.EVALUATE;
	}

	@Override
	void run(Settings s, FijiProgress progress) {
		ExternalEvaluation e = ResultViews.evaluate(detectors.detector(s, progress), s, progress);
		auc = e.auc.auc;
		sensitivity = e.atThreshold.sensitivity;
		specificity = e.atThreshold.specificity;
	}
}
