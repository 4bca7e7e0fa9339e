package io.github.bonefracture.cli;

import io.github.bonefracture.core.CanceledException;
import io.github.bonefracture.core.InvalidInputException;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line front end: the same jobs as the Fiji commands. */
@Command(name = "bone-fracture", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
	description = "Detect bone fractures in x-rays with deep learning (DenseNet121 in DeepLearning4J).",
	subcommands = {DemoCommand.class, TrainCommand.class, KFoldCommand.class, DetectCommand.class,
		PhantomsCommand.class, InspectCommand.class, BenchCommand.class, UpdateSiteCommand.class})
public final class Main {

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/** Runs the command line and returns the exit code (1: bad input, 2: usage, 3: other failure, 130: canceled). */
	public static int run(String... args) {
		CommandLine cl = commandLine();
		return cl.execute(args);
	}

	static CommandLine commandLine() {
		CommandLine cl = new CommandLine(new Main());
		cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
			PrintWriter err = cmd.getErr();
			if (ex instanceof InvalidInputException) {
				err.println("Error: " + ex.getMessage());
				return 1;
			}
			if (ex instanceof CanceledException) {
				err.println(ex.getMessage());
				return 130;
			}
			err.println("Error: " + ex);
			ex.printStackTrace(err);
			return 3;
		});
		return cl;
	}

	static final class Version implements CommandLine.IVersionProvider {
		@Override
		public String[] getVersion() {
			String v = Main.class.getPackage().getImplementationVersion();
			return new String[] {"bone-fracture-detection " + (v == null ? "(development build)" : v)};
		}
	}
}
