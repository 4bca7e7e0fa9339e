package io.github.bonefracture.usecase;

import io.github.bonefracture.core.Progress;
import io.github.bonefracture.distributed.DistributedDetection;
import io.github.bonefracture.distributed.TaskHook;
import io.github.bonefracture.options.Settings;

import org.apache.spark.sql.SparkSession;

/**
 * Detect Fracture (Folder) on a Spark cluster: every image of a folder, a
 * list file or a glob on any file system Spark reads; OUT/detections.csv and
 * OUT/detections.parquet; a rerun into the same OUT detects only what is missing.
 */
public final class DetectOnCluster {
	private DetectOnCluster() {}

	/** Locations are URIs (the settings' files are not used); partitions 0 means four per core the cluster offers. */
	public static DistributedDetection.Summary run(SparkSession spark, String input, String model, String output, Settings s, boolean annotated,
		int partitions, Progress progress)
	{
		DistributedDetection.Summary r = new DistributedDetection(spark, TaskHook.NONE)
			.run(input, model, output, s.detection, s.backend, annotated, partitions, progress);
		progress.info(r.toString());
		return r;
	}

	/** The Parquet folder's name below the output. */
	public static String parquet() {
		return DistributedDetection.PARQUET;
	}
}
