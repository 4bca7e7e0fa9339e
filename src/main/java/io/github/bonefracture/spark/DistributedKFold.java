package io.github.bonefracture.spark;

import io.github.bonefracture.backend.Backends;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.FoldExecutor;
import io.github.bonefracture.engine.FoldOutcome;
import io.github.bonefracture.engine.KFoldPlan;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Trains each fold of a k-fold plan as one Spark task: the plan (images'
 * paths, settings, starting networks) is broadcast once, each task trains its
 * fold with the same trainer as a local run and returns the outcome. Every
 * executor must read the dataset at the plan's paths (a shared file system).
 */
public final class DistributedKFold implements FoldExecutor {

	private final JavaSparkContext jsc;
	private final String backend;
	private final TaskHook hook;

	public DistributedKFold(JavaSparkContext jsc, String backend, TaskHook hook) {
		this.jsc = jsc;
		this.backend = backend;
		this.hook = hook;
	}

	@Override
	public List<FoldOutcome> run(KFoldPlan plan) {
		Broadcast<KFoldPlan> shipped = jsc.broadcast(plan);
		String choice = backend;
		TaskHook h = hook;
		List<Integer> tasks = IntStream.range(0, plan.tasks().size()).boxed().collect(Collectors.toList());
		// One task per fold: a fold is minutes of training, so no task waits behind another's.
		return jsc.parallelize(tasks, tasks.size()).map(i -> {
			TaskContext t = TaskContext.get();
			h.starting(t.partitionId(), t.attemptNumber());
			return shipped.value().run(i, Backends.choose(choice, Progress.NONE), Progress.NONE);
		}).collect();
	}

	@Override
	public String toString() {
		return "Spark (" + jsc.master() + ")";
	}
}
