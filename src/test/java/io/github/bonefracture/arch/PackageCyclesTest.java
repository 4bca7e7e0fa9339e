package io.github.bonefracture.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The main code's packages form layers: no package reaches, directly or
 * through others, back to itself. Dependencies are read from the sources
 * (imports and fully qualified names), so a new cycle fails the build.
 */
class PackageCyclesTest {

	static final Path MAIN = Paths.get("src/main/java/io/github/bonefracture");
	/** A class's package, sub-packages included ("backend.onednn"): each is a layer of its own. */
	static final Pattern USE = Pattern.compile("io\\.github\\.bonefracture\\.([a-z0-9]+(?:\\.[a-z0-9]+)*)\\.[A-Z*]");

	static Map<String, Set<String>> dependencies() throws Exception {
		Map<String, Set<String>> deps = new TreeMap<>();
		try (Stream<Path> files = Files.walk(MAIN)) {
			for (Path f : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
				Path rel = MAIN.relativize(f).getParent();
				if (rel == null) continue;
				String pkg = rel.toString().replace(java.io.File.separatorChar, '.');
				Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
				// Comments say why; only code counts.
				String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
				Matcher m = USE.matcher(code);
				while (m.find()) if (!m.group(1).equals(pkg)) out.add(m.group(1));
			}
		}
		return deps;
	}

	/** Tarjan's strongly connected components: every component of more than one package is a cycle. */
	static List<Set<String>> cycles(Map<String, Set<String>> g) {
		List<Set<String>> out = new ArrayList<>();
		Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
		Deque<String> stack = new ArrayDeque<>();
		Set<String> onStack = new TreeSet<>();
		int[] counter = {0};
		for (String v : g.keySet()) if (!index.containsKey(v)) strong(v, g, index, low, stack, onStack, counter, out);
		return out;
	}

	private static void strong(String v, Map<String, Set<String>> g, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
		Set<String> onStack, int[] counter, List<Set<String>> out)
	{
		index.put(v, counter[0]);
		low.put(v, counter[0]++);
		stack.push(v);
		onStack.add(v);
		for (String w : g.getOrDefault(v, Set.of())) {
			if (!index.containsKey(w)) {
				strong(w, g, index, low, stack, onStack, counter, out);
				low.put(v, Math.min(low.get(v), low.get(w)));
			} else if (onStack.contains(w)) {
				low.put(v, Math.min(low.get(v), index.get(w)));
			}
		}
		if (low.get(v).equals(index.get(v))) {
			Set<String> c = new TreeSet<>();
			String w;
			do {
				w = stack.pop();
				onStack.remove(w);
				c.add(w);
			} while (!w.equals(v));
			if (c.size() > 1) out.add(c);
		}
	}

	@Test
	void noPackageCycle() throws Exception {
		Map<String, Set<String>> deps = dependencies();
		assertTrue(deps.size() >= 10, "the packages were found: " + deps.keySet());
		assertEquals(List.of(), cycles(deps), "package cycles; dependencies: " + deps);
	}

	@Test
	void theCheckFindsACycle() {
		Map<String, Set<String>> g = new TreeMap<>();
		g.put("a", Set.of("b"));
		g.put("b", Set.of("c"));
		g.put("c", Set.of("a"));
		g.put("d", Set.of("a"));
		assertEquals(List.of(Set.of("a", "b", "c")), cycles(g));
	}
}
