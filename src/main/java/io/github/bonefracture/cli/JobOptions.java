package io.github.bonefracture.cli;

import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Opt;
import io.github.bonefracture.options.Options;
import io.github.bonefracture.options.Settings;

import java.io.File;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The command line's face of the option declaration: one picocli option per declared option of a job. */
public final class JobOptions {

	/** A subcommand that runs one job with the declared options. */
	public interface DeclaredJob {
		Job job();

		/** Whether this command takes the declared option (the Spark jobs take their locations as URIs instead). */
		default boolean takes(Opt o) {
			return true;
		}
	}

	private JobOptions() {}

	/** Adds the job's declared options to every subcommand that runs a job. */
	public static void addTo(CommandLine root) {
		// An alias (eval-w-kfold) lists the same subcommand twice: each gets its options once.
		for (CommandLine sub : new java.util.LinkedHashSet<>(root.getSubcommands().values())) {
			Object command = sub.getCommand();
			if (command instanceof DeclaredJob) {
				CommandSpec spec = sub.getCommandSpec();
				DeclaredJob job = (DeclaredJob) command;
				for (Opt o : Options.of(job.job())) if (job.takes(o)) spec.addOption(spec(o));
			}
			// Groups such as the earlier "gan train" / "gan sample".
			addTo(sub);
		}
	}

	public static OptionSpec spec(Opt o) {
		OptionSpec.Builder b = OptionSpec.builder(o.cliNames().toArray(new String[0]))
			.description(o.help() + (o.defaultValue() == null || o.kind() == Opt.Kind.BOOLEAN ? "" : " (default: " + o.defaultText() + ")"))
			.required(o.required());
		switch (o.kind()) {
			case INT: b.type(Integer.class).paramLabel("N"); break;
			case LONG: b.type(Long.class).paramLabel("N"); break;
			case DOUBLE: b.type(Double.class).paramLabel("X"); break;
			case BOOLEAN:
				// A default-true switch is turned off with --no-KEY, as the command line has always spelt it.
				b.type(Boolean.class).arity("0").negatable(Boolean.TRUE.equals(o.defaultValue()));
				break;
			case CHOICE: b.type(String.class).paramLabel(String.join("|", o.choices())); break;
			case FILE: case SAVE_FILE: b.type(File.class).paramLabel("FILE"); break;
			case FOLDER: b.type(File.class).paramLabel("DIR"); break;
			default: b.type(String.class).paramLabel("TEXT"); break;
		}
		return b.build();
	}

	/** One option's value as given on the command line, else its declared default; checked against its declaration. */
	public static Object value(CommandSpec spec, Opt o) {
		OptionSpec s = spec.findOption(o.cliName());
		Object v = s == null ? null : s.getValue();
		return o.check(v == null ? o.defaultValue() : v);
	}

	/** The run's settings: each option as given on the command line, else its declared default. */
	public static Settings settings(CommandSpec spec, Job job) {
		return Options.settings(job, o -> {
			OptionSpec s = spec.findOption(o.cliName());
			Object v = s == null ? null : s.getValue();
			// A negatable switch given as --no-KEY arrives as false, as --KEY as true; never given, null.
			return v;
		});
	}
}
