package io.github.bonefracture.distributed;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.FoldExecutor;
import io.github.bonefracture.engine.FoldOutcome;
import io.github.bonefracture.engine.KFoldPlan;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains each fold of a k-fold plan as one Spark task: the plan (images'
 * paths, settings, starting networks) is broadcast once, each task trains its
 * fold with the same trainer as a local run and returns the outcome. Every
 * executor must read the dataset at the plan's paths (a shared file system).
 *
 * With a store folder, each fold's outcome is written there (on the driver,
 * as the fold's task ends) under the plan's key, and a later run of the same
 * plan, after a lost driver for example, trains only the folds not stored.
 */
public final class DistributedKFold implements FoldExecutor {

	/** The store's folder inside a k-fold output folder. */
	public static final String STORE = "fold-outcomes";

	private final JavaSparkContext jsc;
	private final String backend;
	private final TaskHook hook;
	private final Path store;
	private final Progress progress;

	/** @param store folder for the folds' outcomes, or null to keep none */
	public DistributedKFold(JavaSparkContext jsc, String backend, TaskHook hook, Path store, Progress progress) {
		this.jsc = jsc;
		this.backend = backend;
		this.hook = hook;
		this.store = store;
		this.progress = progress;
	}

	@Override
	public List<FoldOutcome> run(KFoldPlan plan) {
		int n = plan.tasks().size();
		Path dir = store == null ? null : store.resolve(plan.key());
		List<FoldOutcome> outcomes = new ArrayList<>();
		List<Integer> todo = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			Optional<FoldOutcome> stored = dir == null ? Optional.empty() : stored(dir.resolve(name(i)));
			outcomes.add(stored.orElse(null));
			if (stored.isEmpty()) todo.add(i);
		}
		if (todo.size() < n) progress.info((n - todo.size()) + " of " + n + " folds reused from " + dir + " (trained by an earlier run of the same plan)");
		if (todo.isEmpty()) return outcomes;
		Broadcast<KFoldPlan> shipped = jsc.broadcast(plan);
		String choice = backend;
		TaskHook h = hook;
		// One Spark job per fold, submitted in fold order from this thread (Spark's FIFO scheduler then starts them in that order);
		// each outcome reaches this driver, and its store, as soon as its fold ends.
		List<JavaFutureAction<List<FoldOutcome>>> jobs = new ArrayList<>();
		for (int i : todo) jobs.add(jsc.parallelize(List.of(i), 1).map(task -> {
			h.starting(task, TaskContext.get().attemptNumber());
			return shipped.value().run(task, Backends.choose(choice, Progress.NONE), Progress.NONE);
		}).collectAsync());
		ExecutorService keepers = Executors.newFixedThreadPool(Math.min(todo.size(), 64));
		try {
			List<Future<FoldOutcome>> kept = new ArrayList<>();
			for (int t = 0; t < todo.size(); t++) {
				int i = todo.get(t);
				JavaFutureAction<List<FoldOutcome>> job = jobs.get(t);
				kept.add(keepers.submit(() -> {
					FoldOutcome o = job.get().get(0);
					if (dir != null) OutputFiles.writeString(dir.resolve(name(i)), o.toJson());
					return o;
				}));
			}
			for (int t = 0; t < todo.size(); t++) outcomes.set(todo.get(t), kept.get(t).get());
			return outcomes;
		} catch (ExecutionException e) {
			jsc.cancelAllJobs();
			Throwable cause = e.getCause() instanceof ExecutionException && e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause();
			throw cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
		} catch (InterruptedException e) {
			jsc.cancelAllJobs();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while the folds trained", e);
		} finally {
			keepers.shutdownNow();
		}
	}

	private static String name(int task) {
		return String.format("fold-task-%04d.json", task);
	}

	/** A stored outcome; nothing when none is there or it is damaged (said, then trained again). */
	private Optional<FoldOutcome> stored(Path file) {
		if (!Files.isRegularFile(file)) return Optional.empty();
		try {
			return Optional.of(FoldOutcome.fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
		} catch (IOException | InvalidInputException e) {
			progress.warn("Training the fold again: " + OutputFiles.reason(e));
			return Optional.empty();
		}
	}

	@Override
	public String toString() {
		return "Spark (" + jsc.master() + ")";
	}
}
