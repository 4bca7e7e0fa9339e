package io.github.bonefracture.usecase;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.engine.KFoldRerun;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Options;

import java.io.File;

/** An earlier K-Fold Evaluate's summary.json, a file a user may have been handed: its settings checked as the options would be. */
final class Summaries {
	private Summaries() {}

	static KFoldRerun read(File summary) {
		KFoldRerun r = KFoldRerun.read(summary.toPath());
		try {
			for (TrainingConfig c : r.configs) Options.checkTraining(c);
			Options.find(Job.KFOLD_EVALUATE, "k").check(r.k);
			Options.find(Job.KFOLD_EVALUATE, "repeats").check(r.repeats);
		} catch (InvalidInputException e) {
			throw new InvalidInputException("K-fold summary " + summary + " holds settings the options do not allow: " + e.getMessage(), e);
		}
		return r;
	}
}
