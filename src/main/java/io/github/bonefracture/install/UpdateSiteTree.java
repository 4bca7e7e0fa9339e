package io.github.bonefracture.install;

import io.github.bonefracture.core.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An upload-ready update-site tree, as Fiji's updater uploads one: every file
 * at its path with "-TIMESTAMP" appended, and db.xml.gz listing each with
 * the updater's checksum, size, timestamp, platform and earlier versions.
 */
public final class UpdateSiteTree {

	/** One file of the new site database. */
	public static final class Entry {
		public final String filename;
		public final String checksum;
		public final long size;
		/** The updater's platform folder the file sits in; empty for a file every platform installs. */
		public final java.util.Optional<String> platform;
		/** When this version was uploaded: this release's timestamp, or an earlier one when unchanged. */
		public final String timestamp;
		/** Whether this release uploads the file (false: the site already has this very version). */
		public final boolean uploaded;
		final List<SiteDatabase.Version> previous;

		Entry(String filename, String checksum, long size, java.util.Optional<String> platform, String timestamp, boolean uploaded, List<SiteDatabase.Version> previous) {
			this.filename = filename;
			this.checksum = checksum;
			this.size = size;
			this.platform = platform;
			this.timestamp = timestamp;
			this.uploaded = uploaded;
			this.previous = previous;
		}
	}

	private UpdateSiteTree() {}

	/**
	 * Writes the tree for the files under app's jars/ and plugins/ that are not
	 * in fijiShips (paths relative to app, with '/'). When out already holds the
	 * site's db.xml.gz, its history is carried on as the updater expects: an
	 * unchanged file keeps its upload, a changed one is uploaded anew with the
	 * old checksum kept as a previous version (so installations of the older
	 * release see it as updatable, not as locally modified), and a file the new
	 * release no longer has becomes obsolete.
	 *
	 * @param pluginJar the file name prefix of the plugin's own jar, which depends on the others
	 * @param timestamp yyyyMMddHHmmss
	 * @return the current files of the new site
	 */
	public static List<Entry> write(Path app, Set<String> fijiShips, Path out, String pluginJar, String description, String timestamp) {
		if (!timestamp.matches("\\d{14}")) throw new InvalidInputException("Timestamp must be yyyyMMddHHmmss, got " + timestamp);
		Path db = out.resolve("db.xml.gz");
		Map<String, SiteDatabase.Record> site = SiteDatabase.read(db);
		Map<String, Entry> entries = new LinkedHashMap<>();
		try {
			for (Path f : files(app)) {
				String rel = app.relativize(f).toString().replace('\\', '/');
				if (fijiShips.contains(rel)) continue;
				String key = SiteDatabase.key(rel);
				if (entries.containsKey(key))
					throw new InvalidInputException("Two versions of one file under " + app + ": " + entries.get(key).filename + " and " + rel
						+ "; remove the older one");
				entries.put(key, entry(rel, f, site.get(key), timestamp));
			}
			if (entries.values().stream().noneMatch(e -> e.filename.contains("/" + pluginJar)))
				throw new InvalidInputException("No " + pluginJar + "*.jar under " + app + ": install the plugin there first");
			List<SiteDatabase.Record> obsolete = new ArrayList<>();
			for (Map.Entry<String, SiteDatabase.Record> r : site.entrySet())
				if (!entries.containsKey(r.getKey())) obsolete.add(obsoleted(r.getValue(), timestamp));
			for (Entry e : entries.values()) {
				if (!e.uploaded) continue;
				Path target = out.resolve(e.filename + "-" + timestamp);
				Files.createDirectories(target.getParent());
				Files.copy(app.resolve(e.filename), target, StandardCopyOption.REPLACE_EXISTING);
			}
			// The database goes last: until it is replaced whole, the site still describes the old release.
			SiteDatabaseWriter.write(db, new ArrayList<>(entries.values()), obsolete, pluginJar, description);
		} catch (IOException e) {
			throw new InvalidInputException("Cannot write the update site to " + out + ": " + e.getMessage(), e);
		}
		return new ArrayList<>(entries.values());
	}

	private static List<Path> files(Path app) {
		List<Path> files = new ArrayList<>();
		for (String top : new String[] {"jars", "plugins"}) {
			Path dir = app.resolve(top);
			if (!Files.isDirectory(dir)) continue;
			try (Stream<Path> s = Files.walk(dir)) {
				files.addAll(s.filter(Files::isRegularFile).sorted().collect(Collectors.toList()));
			} catch (IOException e) {
				throw new InvalidInputException("Cannot list " + dir + ": " + e.getMessage(), e);
			}
		}
		return files;
	}

	private static Entry entry(String rel, Path f, SiteDatabase.Record known, String timestamp) throws IOException {
		String checksum = UpdaterChecksum.of(rel, f);
		if (known == null) return new Entry(rel, checksum, Files.size(f), platform(rel), timestamp, true, List.of());
		java.util.Optional<SiteDatabase.Version> current = known.current();
		if (current.isPresent() && current.get().checksum.equals(checksum))
			return new Entry(known.filename, checksum, known.size, platform(rel), current.get().timestamp, false, known.previous);
		List<SiteDatabase.Version> previous = new ArrayList<>(known.previous);
		current.ifPresent(previous::add);
		return new Entry(rel, checksum, Files.size(f), platform(rel), timestamp, true, previous);
	}

	private static SiteDatabase.Record obsoleted(SiteDatabase.Record r, String timestamp) {
		if (r.current().isEmpty()) return r;
		List<SiteDatabase.Version> previous = new ArrayList<>(r.previous);
		SiteDatabase.Version c = r.current().get();
		previous.add(new SiteDatabase.Version(c.filename, c.checksum, c.timestamp, timestamp));
		return new SiteDatabase.Record(r.filename, null, 0, r.platforms, previous);
	}

	/** The updater's platform folder a file sits in, if any. */
	static java.util.Optional<String> platform(String rel) {
		for (String p : PLATFORMS)
			if (rel.startsWith("jars/" + p + "/") || rel.startsWith("lib/" + p + "/")) return java.util.Optional.of(p);
		return java.util.Optional.empty();
	}

	/** The platform names imagej-updater's Platforms class knows, the legacy macosx included. */
	static final List<String> PLATFORMS = List.of("linux32", "linux64", "linux-arm64", "win32", "win64", "win-arm64", "macos64",
		"macos-arm64", "macosx");
}
