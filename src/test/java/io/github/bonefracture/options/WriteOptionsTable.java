package io.github.bonefracture.options;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Writes the options table of docs/options.md from the declaration, between
 * its markers: run after changing an option (docs/contributing.md gives the
 * command), then ReadmeOptionsTest holds again.
 */
public final class WriteOptionsTable {
	private WriteOptionsTable() {}

	public static void main(String[] args) throws Exception {
		Path doc = Paths.get("docs/options.md");
		String s = Files.readString(doc);
		int a = s.indexOf(ReadmeOptionsTest.BEGIN), b = s.indexOf(ReadmeOptionsTest.END);
		if (a < 0 || b < a) throw new IllegalStateException(doc + " lacks the table markers");
		String out = s.substring(0, a + ReadmeOptionsTest.BEGIN.length()) + "\n" + ReadmeOptionsTest.table().trim() + "\n" + s.substring(b);
		Files.write(doc, out.getBytes(StandardCharsets.UTF_8));
	}
}
