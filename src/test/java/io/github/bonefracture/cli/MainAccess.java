package io.github.bonefracture.cli;

import picocli.CommandLine;

/** The command line as Main builds it, for tests of other packages. */
public final class MainAccess {
	private MainAccess() {}

	public static CommandLine commandLine() {
		return Main.commandLine();
	}
}
