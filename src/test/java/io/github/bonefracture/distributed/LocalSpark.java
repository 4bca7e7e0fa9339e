package io.github.bonefracture.distributed;

import org.apache.spark.sql.SparkSession;

/** Spark in this JVM with two worker threads, each task tried up to twice, bound to 127.0.0.1, no web UI. */
final class LocalSpark {
	private LocalSpark() {}

	static SparkSession start() {
		return SparkSession.builder().appName("bone-fracture-detection tests").master("local[2,2]")
			.config("spark.ui.enabled", "false")
			.config("spark.driver.host", "127.0.0.1")
			.config("spark.driver.bindAddress", "127.0.0.1")
			.config("spark.sql.shuffle.partitions", "2")
			.getOrCreate();
	}
}
