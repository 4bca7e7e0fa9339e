package io.github.bonefracture.spark;

import picocli.CommandLine.Option;

/** The Spark master, for runs without spark-submit; one declaration for both jobs. */
final class MasterOption {
	@Option(names = "--master", paramLabel = "URL", description = "Spark master when not run by spark-submit, e.g. local[2] (default: local[*]).")
	String master;
}
