package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.KFoldEvaluator;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins > Bone Fracture Detection > K-Fold Evaluate: the training options plus folds. */
@Plugin(type = Command.class, menuPath = "Plugins>Bone Fracture Detection>K-Fold Evaluate")
public class KFoldEvaluateCommand extends TrainingCommandBase {

	@Parameter(label = "Folds (k)", min = "2")
	int k = 10;

	@Parameter(label = "Fold seed")
	long fold_seed = 42;

	@Parameter(label = "Output folder for CSV/JSON (optional)", style = "directory", required = false)
	File output_folder;

	@Parameter(type = ItemIO.OUTPUT)
	double mean_accuracy;

	@Parameter(type = ItemIO.OUTPUT)
	double pooled_auc;

	@Override
	public void run() {
		try {
			KFoldEvaluator.Result r = Jobs.kfold(config(), dataset_folder, k, fold_seed, output_folder, new FijiProgress(status, log, this));
			mean_accuracy = r.meanStd(m -> m.accuracy)[0];
			pooled_auc = r.pooledAuc();
		} catch (RuntimeException e) {
			Errors.fail(this, log, "K-Fold Evaluate", e);
		}
	}
}
