package io.github.bonefracture.cli;

import io.github.bonefracture.bench.BenchCommand;
import io.github.bonefracture.core.CanceledException;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.InvalidOptionException;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The command-line front end: the same jobs as the Fiji commands. */
@Command(name = "bone-fracture", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
	description = "Detect bone fractures in x-rays with deep learning (DenseNet121 in DeepLearning4J).",
	subcommands = {DemoCommand.class, TrainCommand.class, KFoldEvaluateCommand.class, DetectCommand.class, EvaluateCommand.class,
		ExportCommand.class, TrainGeneratorCommand.class, GenerateSyntheticCommand.class, PhantomsCommand.class, InspectCommand.class, BenchCommand.class, UpdateSiteCommand.class})
public final class Main {

	/** Exit codes, as the README lists them. */
	public static final int DONE = 0, BAD_INPUT = 1, USAGE = 2, FAILED = 3, CANCELED = 130;

	@CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
		description = "On an unexpected failure, print the stack trace too.")
	boolean verbose;

	/** A subcommand that can say what it is doing, for the message of an unexpected failure. */
	public interface Activity {
		String activity();
	}

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/** Runs the command line and returns the exit code (1: bad input, 2: usage, 3: other failure, 130: canceled). */
	public static int run(String... args) {
		CommandLine cl = commandLine();
		try {
			return cl.execute(args);
		} catch (Throwable t) {
			// Errors (OutOfMemoryError above all) pass picocli's handler: same one-line report.
			return report(t, cl, cl.getErr());
		}
	}

	/** Runs another root command (the Spark jobs' entry point) with the same options and error reports. */
	public static int run(Object root, String... args) {
		CommandLine cl = commandLine(root);
		try {
			return cl.execute(args);
		} catch (Throwable t) {
			return report(t, cl, cl.getErr());
		}
	}

	static CommandLine commandLine() {
		return commandLine(new Main());
	}

	public static CommandLine commandLine(Object root) {
		CommandLine cl = new CommandLine(root);
		if (root instanceof Main) {
			CommandLine gan = new CommandLine(new GanCommand());
			gan.addSubcommand("train", new TrainGeneratorCommand());
			gan.addSubcommand("sample", new GenerateSyntheticCommand());
			cl.addSubcommand("gan", gan);
		}
		JobOptions.addTo(cl);
		cl.setExecutionExceptionHandler((ex, cmd, parsed) -> report(ex, cl, cmd.getErr()));
		return cl;
	}

	private static int report(Throwable ex, CommandLine root, PrintWriter err) {
		ParseResult parsed = root.getParseResult();
		ParseResult leaf = parsed;
		boolean verbose = false;
		for (ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
			leaf = p;
			verbose |= p.hasMatchedOption("--verbose");
		}
		if (ex instanceof InvalidOptionException) {
			InvalidOptionException o = (InvalidOptionException) ex;
			err.println("Invalid value for option '" + optionName(leaf, o) + "': " + o.problem());
			err.flush();
			return USAGE;
		}
		if (ex instanceof InvalidInputException) {
			err.println("Error: " + ex.getMessage());
			err.flush();
			return BAD_INPUT;
		}
		if (ex instanceof CanceledException) {
			err.println(ex.getMessage());
			err.flush();
			return CANCELED;
		}
		Object command = leaf == null ? null : leaf.commandSpec().userObject();
		String doing = command instanceof Activity ? ((Activity) command).activity() : "running " + (leaf == null ? "the command" : leaf.commandSpec().name());
		String what = ex instanceof OutOfMemoryError ? "out of memory (raise Java's -Xmx, or lower the batch size or image size)" : String.valueOf(ex);
		err.println("Error while " + doing + ": " + what + (verbose ? "" : " (--verbose prints the stack trace)"));
		if (verbose) ex.printStackTrace(err);
		err.flush();
		return FAILED;
	}

	/** The option as this command spells it: the macro key image_size is --image-size, k is -k/--folds. */
	private static String optionName(ParseResult leaf, InvalidOptionException o) {
		if (leaf != null) {
			for (String name : new String[] {o.cliName(), "-" + o.key()}) {
				OptionSpec spec = leaf.commandSpec().findOption(name);
				if (spec != null) return spec.longestName();
			}
		}
		return o.cliName();
	}

	static final class Version implements CommandLine.IVersionProvider {
		@Override
		public String[] getVersion() {
			String v = Main.class.getPackage().getImplementationVersion();
			return new String[] {"bone-fracture-detection " + (v == null ? "(development build)" : v)};
		}
	}
}
