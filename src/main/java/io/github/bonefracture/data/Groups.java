package io.github.bonefracture.data;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.InvalidOptionException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which patient each image of a flat dataset belongs to, so that splits keep
 * a patient's images together: from a CSV of {@code file,group} (the file as
 * its path below the dataset folder, or its name), or from a regular
 * expression whose first group, found in the file name, is the patient.
 * MURA's tree needs neither: its patient folders are the groups.
 */
public final class Groups {

	private Groups() {}

	/** The dataset with groups from the CSV file or the pattern (neither: unchanged). Every image must get a group. */
	public static Dataset apply(Dataset ds, Path csv, String pattern) {
		if (csv == null && (pattern == null || pattern.isBlank())) return ds;
		Map<String, String> table = csv == null ? null : read(csv);
		Pattern re = null;
		if (pattern != null && !pattern.isBlank()) {
			try {
				re = Pattern.compile(pattern);
			} catch (PatternSyntaxException e) {
				throw new InvalidOptionException("group_pattern", "'" + pattern + "' is not a regular expression (" + e.getDescription() + ")");
			}
			if (re.matcher("").groupCount() < 1) throw new InvalidOptionException("group_pattern", "'" + pattern + "' has no (group) for the patient");
		}
		List<Sample> out = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		for (Sample s : ds.samples()) {
			String rel = ds.root().relativize(s.path()).toString().replace('\\', '/');
			String g = null;
			if (table != null) g = table.getOrDefault(rel, table.get(s.path().getFileName().toString()));
			if (g == null && re != null) {
				Matcher m = re.matcher(s.path().getFileName().toString());
				if (m.find()) g = m.group(1);
			}
			if (g == null) missing.add(rel);
			out.add(new Sample(s.path(), s.label(), g));
		}
		if (!missing.isEmpty())
			throw new InvalidInputException(missing.size() + " of " + ds.samples().size() + " images have no group (patient) in "
				+ (csv != null ? csv : "") + (csv != null && re != null ? " or " : "") + (re != null ? "the pattern " + pattern : "")
				+ "; the first: " + missing.get(0));
		return new Dataset(ds.root(), ds.layout() + ", groups from " + (csv != null ? csv.getFileName() : "the pattern " + pattern),
			out, ds.skipped(), ds.ignored());
	}

	private static Map<String, String> read(Path csv) {
		Map<String, String> m = new HashMap<>();
		try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
			for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
				if (!rec.isMapped("file") || !rec.isMapped("group"))
					throw new InvalidInputException("Group file " + csv + " needs the columns file and group");
				m.put(rec.get("file").trim().replace('\\', '/'), rec.get("group").trim());
			}
		} catch (IOException | IllegalArgumentException e) {
			throw new InvalidInputException("Group file " + csv + " cannot be read: " + e.getMessage(), e);
		}
		return m;
	}
}
