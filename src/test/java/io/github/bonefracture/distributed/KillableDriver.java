package io.github.bonefracture.distributed;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.FoldExecutor;
import io.github.bonefracture.engine.KFoldEvaluator;
import io.github.bonefracture.engine.TinyNets;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * A Spark driver for {@link DriverKillTest} to kill: runs one detection or
 * k-fold job in this JVM against the master it is given, with every task
 * from partition blockFrom on waiting forever (so the test knows which
 * tasks had committed when it killed this JVM), each task's start marked by
 * a file in the signal folder. blockFrom -1 blocks nothing.
 *
 * Arguments: detect MASTER BLOCK_FROM SIGNALS DATA MODEL OUT PARTITIONS,
 * or kfold MASTER BLOCK_FROM SIGNALS DATA OUT; kfold-here DATA OUT runs the
 * same k-fold in this JVM, without Spark.
 */
public final class KillableDriver {
	private KillableDriver() {}

	public static void main(String[] a) {
		if (a[0].equals("kfold-here")) {
			kfold(Paths.get(a[1]), Paths.get(a[2]), null);
			return;
		}
		TaskHook hook = blockFrom(Integer.parseInt(a[2]), a[3]);
		SparkSession spark = SparkSession.builder().appName("driver kill test").master(a[1])
			.config("spark.ui.enabled", "false")
			.config("spark.driver.host", "127.0.0.1")
			.config("spark.driver.bindAddress", "127.0.0.1")
			.config("spark.executor.extraJavaOptions", "-Djava.awt.headless=true -Duser.home=" + System.getProperty("user.home")
				+ " -Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")
				+ " -Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"))
			.getOrCreate();
		if (a[0].equals("detect")) {
			DistributedDetection.Summary s = new DistributedDetection(spark, hook)
				.run(a[4], a[5], a[6], new Detector.Options(), "auto", false, Integer.parseInt(a[7]), Progress.NONE);
			System.out.println("SUMMARY " + s.skipped + " " + s.detected + " " + s.failed);
		} else {
			Path out = Paths.get(a[5]);
			kfold(Paths.get(a[4]), out,
				new DistributedKFold(JavaSparkContext.fromSparkContext(spark.sparkContext()), "dl4j", hook, out.resolve(DistributedKFold.STORE), Progress.NONE));
		}
		spark.stop();
	}

	/** The test's one k-fold job, its folds trained by remote, or in this JVM when remote is null. */
	private static void kfold(Path data, Path out, FoldExecutor remote) {
		new KFoldEvaluator(3, 42, 1, Backends.dl4j(), Progress.NONE).run(data, List.of(TinyNets.baseline(2)), out, remote);
		System.out.println("SUMMARY k-fold done");
	}

	static TaskHook blockFrom(int from, String signals) {
		return (partition, attempt) -> {
			try {
				new File(signals, "started-" + partition + "-" + attempt).createNewFile();
				if (from >= 0 && partition >= from) Thread.sleep(Long.MAX_VALUE);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		};
	}
}
