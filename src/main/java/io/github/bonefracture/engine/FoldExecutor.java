package io.github.bonefracture.engine;

import java.util.List;

/** Trains the folds of a k-fold plan somewhere else than this process, such as on a cluster's executors. */
public interface FoldExecutor {
	/** Every task's outcome, in the order of plan.tasks(). */
	List<FoldOutcome> run(KFoldPlan plan);
}
