package io.github.bonefracture.fiji;

import io.github.bonefracture.engine.KFoldEvaluator;
import io.github.bonefracture.engine.Metrics;
import io.github.bonefracture.engine.TrainingConfig;

import ij.measure.ResultsTable;

import java.io.File;
import java.util.List;

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
			TrainingConfig c = config();
			List<KFoldEvaluator.Result> rs = new KFoldEvaluator(k, fold_seed, new FijiProgress(status, log, this))
				.run(dataset_folder.toPath(), List.of(c), output_folder == null ? null : output_folder.toPath());
			KFoldEvaluator.Result r = rs.get(0);
			mean_accuracy = r.meanStd(m -> m.accuracy)[0];
			pooled_auc = r.pooledAuc();
			log.info(r.report());
			ResultsTable t = new ResultsTable();
			for (int f = 0; f < r.folds.size(); f++) {
				Metrics m = r.folds.get(f);
				t.incrementCounter();
				t.addValue("Fold", f + 1);
				t.addValue("Loss", m.loss);
				t.addValue("Accuracy", m.accuracy);
				t.addValue("AUC", m.auc);
				t.addValue("Sensitivity", m.sensitivity);
				t.addValue("Specificity", m.specificity);
			}
			if (!java.awt.GraphicsEnvironment.isHeadless()) t.show("K-fold results");
		} catch (RuntimeException e) {
			Errors.fail(this, log, "K-Fold Evaluate", e);
		}
	}
}
