package io.github.bonefracture.spark;

import io.github.bonefracture.usecase.DetectOnCluster;
import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.cli.JobOptions;
import io.github.bonefracture.cli.Main;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Opt;
import io.github.bonefracture.options.Options;
import io.github.bonefracture.options.Settings;

import org.apache.spark.sql.SparkSession;

import java.io.File;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
	description = "P(fracture) for every image of a folder, a list file or a glob on any file system Spark reads; "
		+ "OUT/detections.csv and OUT/detections.parquet, one row per image; a rerun into the same OUT skips what is done.")
final class SparkDetectCommand implements Callable<Integer>, Main.Activity, JobOptions.DeclaredJob {

	@Spec
	CommandSpec spec;

	@Option(names = {"-i", "--input"}, required = true, paramLabel = "URI",
		description = "A folder (searched at any depth), a text file of image paths (one per line), or a glob such as 'hdfs:///xr/*/*.dcm'.")
	String input;

	@Option(names = {"-m", "--model"}, required = true, paramLabel = "URI", description = "Model file written by train (read once, shipped to each executor).")
	String model;

	@Option(names = {"-o", "--output"}, required = true, paramLabel = "URI", description = "Folder for detections.csv, detections.parquet and annotated/.")
	String output;

	@Option(names = "--annotated", description = "Also write each image with its answer drawn, below OUT/annotated, mirroring the input's folders.")
	boolean annotated;

	@Option(names = "--partitions", paramLabel = "N", description = "Tasks to split the images into (default: four per core the cluster offers).")
	int partitions;

	@Mixin
	MasterOption cluster;

	private final ConsoleProgress progress = ConsoleProgress.forTerminal();

	@Override
	public Job job() {
		return Job.DETECT_FOLDER;
	}

	@Override
	public boolean takes(Opt o) {
		return !isLocation(o);
	}

	private static boolean isLocation(Opt o) {
		return o.kind() == Opt.Kind.FILE || o.kind() == Opt.Kind.SAVE_FILE || o.kind() == Opt.Kind.FOLDER;
	}

	@Override
	public String activity() {
		return progress.describe("detecting " + input + " on Spark");
	}

	@Override
	public Integer call() {
		// Locations are this command's URIs; every other setting is the declared option's.
		Settings s = Options.settings(job(), o -> isLocation(o) ? new File(output) : spec.findOption(o.cliName()).getValue());
		SparkSession spark = SparkMain.session(cluster.master);
		DetectOnCluster.run(spark, input, model, output, s, annotated, partitions, progress);
		System.out.println("Wrote " + output + "/detections.csv and " + output + "/" + DetectOnCluster.parquet());
		return Main.DONE;
	}
}
