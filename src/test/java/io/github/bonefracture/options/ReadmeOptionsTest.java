package io.github.bonefracture.options;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The options table (docs/options.md, linked from the README) is the declaration's: this test writes the table and fails when the README's differs. */
class ReadmeOptionsTest {

	static final String BEGIN = "<!-- options table: generated from options.Options, checked by ReadmeOptionsTest -->";
	static final String END = "<!-- end of options table -->";

	static String table() {
		StringBuilder sb = new StringBuilder("| macro key | command line | commands | default | range or choices | what it is |\n|---|---|---|---|---|---|\n");
		// One row per key; a key that two jobs declare alike (model_file, output_folder) lists both.
		Map<String, List<Opt>> byKey = new LinkedHashMap<>();
		for (Opt o : Options.ALL) byKey.computeIfAbsent(o.key() + "|" + o.help(), k -> new ArrayList<>()).add(o);
		for (List<Opt> same : byKey.values()) {
			Opt o = same.get(0);
			String jobs = same.stream().flatMap(x -> x.jobs().stream()).distinct().sorted().map(Job::title).collect(Collectors.joining(", "));
			String cli = o.cliNames().stream().map(n -> "`" + n + "`").collect(Collectors.joining(" "));
			if (o.kind() == Opt.Kind.BOOLEAN && Boolean.TRUE.equals(o.defaultValue())) cli += " (off: `--no-" + o.cliName().substring(2) + "`)";
			String range = o.kind() == Opt.Kind.CHOICE ? String.join(", ", o.choices())
				: o.isNumber() ? fmt(o.min()) + " to " + fmt(o.max())
				: o.kind() == Opt.Kind.INT_LIST ? (int) o.min() + " whole numbers"
				: o.kind().isPath() ? (o.required() ? "required " : "") + o.kind().name().toLowerCase().replace("save_", "") : "";
			String def = o.defaultValue() == null ? "" : "`" + o.defaultText() + "`";
			sb.append("| `").append(o.key()).append("` | ").append(cli).append(" | ").append(jobs).append(" | ").append(def).append(" | ")
				.append(range).append(" | ").append(o.help().replace("|", "\\|")).append(" |\n");
		}
		return sb.toString();
	}

	static String fmt(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
		return String.valueOf(v);
	}

	@Test
	void theReadmesOptionTableIsTheDeclarations() throws Exception {
		// The table lives in docs/options.md, which the README links for every option.
		String readme = Files.readString(Paths.get("docs/options.md"));
		int a = readme.indexOf(BEGIN), b = readme.indexOf(END);
		assertTrue(a >= 0 && b > a, "docs/options.md lacks the options table markers");
		String inReadme = readme.substring(a + BEGIN.length(), b).trim();
		assertEquals(table().trim(), inReadme, "docs/options.md's options table differs from the declaration; paste the expected table between its markers");
	}
}
