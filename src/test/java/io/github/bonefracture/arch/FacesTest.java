package io.github.bonefracture.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The faces (command line, Fiji, Spark) only translate: they parse, call a
 * use case and print or draw. Read from the sources, so that a face reaching
 * into the engine, a backend named outside its package, or a front-end
 * library outside its face fails the build.
 */
class FacesTest {

	static final Path MAIN = PackageCyclesTest.MAIN;
	static final Pattern CLASS = Pattern.compile("io\\.github\\.bonefracture\\.([a-z0-9]+(?:\\.[a-z0-9]+)*)\\.([A-Z]\\w*)");

	/** What a face may use: the use cases, the option declaration, shared basics and what draws or holds results. */
	static final Set<String> FACE_PACKAGES = Set.of("usecase", "options", "core", "render", "report", "prediction", "cli", "fiji", "spark", "bench");
	/** The engine's types that use cases hand to faces: a loaded model, results, and the typed training settings. */
	static final Set<String> RESULT_TYPES = Set.of("engine.Detector", "engine.ExternalEvaluation", "engine.KFoldResult", "engine.Metrics",
		"engine.TrainingConfig");

	static final Pattern SCIJAVA_FACE = Pattern.compile("org\\.scijava\\.(command|plugin|module|service|app|ui|widget|task|log|prefs|Context\\b)");

	static List<Path> sources(String pkg) throws Exception {
		try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
			return files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
		}
	}

	static String code(Path f) throws Exception {
		return Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
	}

	/** "engine.Detector" for every class of the project the code names. */
	static Set<String> used(String code) {
		Set<String> out = new TreeSet<>();
		Matcher m = CLASS.matcher(code);
		while (m.find()) out.add(m.group(1) + "." + m.group(2));
		return out;
	}

	static List<String> violations(String pkg, java.util.function.Predicate<String> allowed) throws Exception {
		List<String> bad = new ArrayList<>();
		for (Path f : sources(pkg))
			for (String c : used(code(f))) if (!allowed.test(c)) bad.add(MAIN.relativize(f) + " uses " + c);
		return bad;
	}

	static boolean faceMayUse(String c) {
		return FACE_PACKAGES.contains(c.substring(0, c.indexOf('.'))) || RESULT_TYPES.contains(c);
	}

	@Test
	void facesUseOnlyUseCasesTheDeclarationAndResults() throws Exception {
		for (String face : List.of("cli", "fiji", "spark")) assertEquals(List.of(), violations(face, FacesTest::faceMayUse), face);
	}

	@Test
	void theCheckSeesAFaceReachingIntoTheEngine() {
		assertFalse(faceMayUse("engine.Trainer"));
		assertFalse(faceMayUse("backend.choice.Backends"));
		assertTrue(faceMayUse("usecase.TrainModel"));
		assertEquals(Set.of("engine.Trainer", "backend.onednn.OneDnnBackend"),
			used("import io.github.bonefracture.engine.Trainer; x = new io.github.bonefracture.backend.onednn.OneDnnBackend();"));
	}

	/** Only the backend package names an implementation; everyone else holds a Backend chosen once by Backends. */
	@Test
	void nothingOutsideTheBackendPackageNamesABackend() throws Exception {
		List<String> bad = new ArrayList<>();
		try (Stream<Path> all = Files.walk(MAIN)) {
			for (Path f : all.filter(p -> p.toString().endsWith(".java") && !MAIN.relativize(p).startsWith("backend")).collect(Collectors.toList())) {
				String code = code(f);
				for (String c : used(code))
					if (c.startsWith("backend.") && !c.startsWith("backend.choice.") && c.chars().filter(ch -> ch == '.').count() > 1) bad.add(MAIN.relativize(f) + " uses " + c);
				// A branch on the backend's name is a backend named outside its package too.
				if (Pattern.compile("name\\(\\)\\.equals(IgnoreCase)?\\(\"").matcher(code).find()) bad.add(MAIN.relativize(f) + " compares a backend's name");
				for (String impl : List.of("OneDnnDenseNet", "OneDnnBackend", "Dl4jBackend", "Int8Backend"))
					if (Pattern.compile("\\b" + impl + "\\b").matcher(code).find()) bad.add(MAIN.relativize(f) + " names " + impl);
			}
		}
		assertEquals(List.of(), bad);
	}

	/** picocli for the command lines, SciJava and ImageJ's GUI classes for Fiji, Spark for the cluster. */
	@Test
	void frontEndLibrariesStayInTheirFaces() throws Exception {
		List<String> bad = new ArrayList<>();
		try (Stream<Path> all = Files.walk(MAIN)) {
			for (Path f : all.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
				String pkg = MAIN.relativize(f).getName(0).toString();
				String code = code(f);
				if (code.contains("picocli.") && !Set.of("cli", "spark", "bench").contains(pkg)) bad.add(f + " uses picocli");
				// SciJava's utilities (org.scijava.util) are a library; its commands, services and context are Fiji's face.
				if (SCIJAVA_FACE.matcher(code).find() && !pkg.equals("fiji")) bad.add(f + " uses SciJava's commands or services");
				if (code.contains("org.apache.spark.") && !Set.of("spark", "distributed", "usecase").contains(pkg)) bad.add(f + " uses Spark");
			}
		}
		assertEquals(List.of(), bad);
	}
}
