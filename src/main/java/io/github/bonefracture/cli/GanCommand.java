package io.github.bonefracture.cli;

import picocli.CommandLine.Command;

/** The earlier names of train-generator and generate-synthetic ("gan train", "gan sample"), kept for scripts that use them. */
@Command(name = "gan", hidden = true, mixinStandardHelpOptions = true,
	description = "Earlier names: gan train is train-generator, gan sample is generate-synthetic.")
final class GanCommand {
}
