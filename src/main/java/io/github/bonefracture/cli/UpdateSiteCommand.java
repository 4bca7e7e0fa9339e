package io.github.bonefracture.cli;

import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.usecase.BuildUpdateSite;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "update-site", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Make an upload-ready Fiji update-site tree (timestamped files and db.xml.gz) from a Fiji.app the plugin was "
		+ "installed into with mvn -Dscijava.app.directory=... install.")
final class UpdateSiteCommand implements Callable<Integer> {

	@Option(names = {"-i", "--app"}, required = true, description = "The Fiji.app with the plugin installed.")
	Path app;

	@Option(names = {"-o", "--output"}, required = true,
		description = "Folder for the update-site tree. Put the site's current db.xml.gz there first (as downloaded from the site) so that "
			+ "users of earlier releases are offered this one as an update.")
	Path output;

	@Option(names = "--fiji-ships", description = "File listing paths (relative to Fiji.app) that Fiji itself ships; they are left out.")
	Path fijiShips;

	@Option(names = "--timestamp", description = "yyyyMMddHHmmss (default: now).")
	String timestamp;

	@Override
	public Integer call() {
		BuildUpdateSite.Result r = BuildUpdateSite.run(app, output, fijiShips, timestamp, ConsoleProgress.forTerminal());
		System.out.printf("Wrote %d new or changed files (%.0f MB) and db.xml.gz to %s (%d files unchanged since the site's last release); "
			+ "upload the new files and db.xml.gz to the update site%n", r.uploaded, r.uploadedBytes / 1e6, output, r.files - r.uploaded);
		return 0;
	}
}
