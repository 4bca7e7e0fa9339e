package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.KFoldResult;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > K-Fold Evaluate: the training options plus folds. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>K-Fold Evaluate")
public class KFoldEvaluateCommand extends DeclaredJobCommand {

	@Parameter(type = ItemIO.OUTPUT)
	double mean_accuracy;

	@Parameter(type = ItemIO.OUTPUT)
	double pooled_auc;

	@Override
	Job job() {
		return Job.KFOLD_EVALUATE;
	}

	@Override
	void run(Settings s, FijiProgress progress) {
		KFoldResult r = ResultViews.kfold(s, progress).get(0);
		mean_accuracy = r.meanStd(m -> m.accuracy)[0];
		pooled_auc = r.pooledAuc();
	}
}
