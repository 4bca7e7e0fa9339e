package io.github.bonefracture.spark;

import io.github.bonefracture.cli.Main;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Spark jobs' entry point, for spark-submit --class
 * io.github.bonefracture.spark.SparkMain: the same options as the command
 * line's detect and kfold-evaluate, locations as URIs for detection.
 */
@Command(name = "bone-fracture-spark", mixinStandardHelpOptions = true, versionProvider = SparkMain.Version.class,
	description = "Bone fracture detection and cross-validation on Apache Spark (run through spark-submit).",
	subcommands = {SparkDetectCommand.class, SparkKFoldCommand.class})
public final class SparkMain implements Runnable {

	@CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
		description = "On an unexpected failure, print the stack trace too.")
	boolean verbose;

	public static void main(String[] args) {
		System.exit(Main.run(new SparkMain(), args));
	}

	@Override
	public void run() {
		new CommandLine(this).usage(System.out);
	}

	/** The session spark-submit configured, or one with master when given (or local[*] when nothing names one). */
	static SparkSession session(String master) {
		SparkSession.Builder b = SparkSession.builder().appName("bone-fracture-detection");
		if (master != null) b.master(master);
		else if (!new SparkConf().contains("spark.master")) b.master("local[*]");
		return b.getOrCreate();
	}

	static final class Version implements CommandLine.IVersionProvider {
		@Override
		public String[] getVersion() {
			String v = SparkMain.class.getPackage().getImplementationVersion();
			return new String[] {"bone-fracture-detection " + (v == null ? "(development build)" : v) + " on Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()};
		}
	}
}
