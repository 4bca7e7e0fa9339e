package io.github.bonefracture.cli;

import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Settings;

import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that runs one declared job: its options are the job's
 * declared ones (added by {@link JobOptions#addTo}), its settings are
 * checked against the declaration, and a subclass only calls the use case
 * and prints.
 */
abstract class JobCli implements Callable<Integer>, Main.Activity, JobOptions.DeclaredJob {

	@Spec
	CommandSpec spec;

	final ConsoleProgress progress = ConsoleProgress.forTerminal();

	private final Job job;

	JobCli(Job job) {
		this.job = job;
	}

	@Override
	public final Job job() {
		return job;
	}

	/** What a failure message says the command was doing: the job, or more where a subclass knows it. */
	@Override
	public String activity() {
		return progress.describe("running " + job.title());
	}

	/** The value given for a declared option (for activity messages), or null. */
	final Object given(String cliName) {
		return spec.findOption(cliName).getValue();
	}

	@Override
	public final Integer call() {
		return run(JobOptions.settings(spec, job));
	}

	/** Calls the use case with the checked settings and prints; returns the exit code. */
	abstract int run(Settings s);
}
