package io.github.bonefracture.usecase;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.distributed.DistributedKFold;
import io.github.bonefracture.distributed.TaskHook;
import io.github.bonefracture.engine.KFoldResult;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.options.Settings;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.List;

/**
 * K-Fold Evaluate on a Spark cluster: each fold (of each repeat, of each
 * setting) one Spark job; each fold's outcome stored as it ends, so that a
 * rerun after a crash trains only the folds not stored.
 */
public final class KFoldOnCluster {
	private KFoldOnCluster() {}

	/** The settings' run plus the further settings of a grid, on the same folds. */
	public static List<KFoldResult> run(SparkSession spark, Settings s, List<TrainingConfig> grid, Progress progress) {
		if (s.rerun != null) throw new InvalidInputException("--from-summary runs with the local kfold-evaluate; here give the settings, or a --grid");
		Path out = s.output == null ? null : s.output.toPath();
		JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
		DistributedKFold remote = new DistributedKFold(jsc, s.backend, TaskHook.NONE, out == null ? null : out.resolve(DistributedKFold.STORE), progress);
		return KFoldEvaluate.run(s, grid, remote, progress);
	}
}
