package io.github.bonefracture.fiji;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.phantom.PhantomGenerator;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.imagej.patcher.LegacyEnvironment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every macro in macros/ in ImageJ 1.x's real macro interpreter, headless
 * (ij1-patcher), reaching the plugin through its plugins.config entries.
 */
class MacrosTest {

	@TempDir
	Path dir;

	private static String macro(String name) throws Exception {
		return Files.readString(Paths.get("macros", name));
	}

	@Test
	void everyMacroIsCovered() throws Exception {
		try (Stream<Path> s = Files.list(Paths.get("macros"))) {
			assertEquals(List.of("batch_folder.ijm", "detect_open_image.ijm", "train_then_evaluate.ijm"),
				s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
		}
	}

	@Test
	void macrosRunInImageJ1Headless() throws Exception {
		Path data = dir.resolve("data");
		new PhantomGenerator(11, 64, 64).writeSet(data, 3, 0);
		Path out = dir.resolve("out");
		Files.createDirectories(out);
		LegacyEnvironment ij1 = new LegacyEnvironment(null, true);
		// The plugin and its dependencies, as the jars in Fiji's plugins/ and jars/ folders; not ImageJ itself.
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			String name = new File(entry).getName();
			if (name.equals("test-classes") || name.startsWith("ij-") || name.startsWith("ij1-patcher")) continue;
			ij1.addPluginClasspath(new File(entry));
		}

		String tiny = "architecture=baseline-cnn weights=random epochs1=1 epochs2=0 batch_size=4 training_seed=3 flip";
		ij1.runMacro(macro("train_then_evaluate.ijm"), data + "," + out + "," + tiny);
		Path model = out.resolve("model.zip");
		assertTrue(Files.exists(model), "Train Model wrote no model");
		assertTrue(Files.exists(out.resolve("training-history.csv")));
		assertTrue(Files.exists(out.resolve("training-curves.png")));
		assertTrue(Files.exists(out.resolve("kfold/summary.json")));
		assertTrue(Files.exists(out.resolve("kfold/roc.png")));
		assertEquals(1 + 3 + 2, Files.readAllLines(out.resolve("kfold/kfold-table.csv")).size(), "3 folds, mean and SD");

		Path det = dir.resolve("det");
		ij1.runMacro(macro("batch_folder.ijm"), data + "," + model + "," + det);
		List<String> csv = Files.readAllLines(det.resolve("detections.csv"));
		assertEquals(1 + 6, csv.size());

		Path image = data.resolve("Fracture/fracture_000.png");
		Path result = dir.resolve("p.txt");
		ij1.runMacro(macro("detect_open_image.ijm")
			+ "\nFile.saveString(d2s(getResult(\"P(fracture)\", nResults - 1), 6) + \" \" + Overlay.size, \"" + result + "\");",
			image + "," + model);
		String[] got = Files.readString(result).trim().split(" ");
		// The same detector's answer for that file through the folder route (natives load in one class loader only).
		String row = csv.stream().filter(l -> l.contains("fracture_000.png")).findFirst().orElseThrow();
		double expected = Double.parseDouble(row.split(",")[1]);
		assertEquals(expected, Double.parseDouble(got[0]), 1e-5, "csv " + csv + " got " + java.util.Arrays.toString(got));
		assertEquals("1", got[1], "the label ROI (the baseline CNN has no heatmap)");

		// A failing call stops its macro: the next line never runs.
		Path reached = dir.resolve("reached.txt");
		ij1.runMacro("run(\"Train Model\", \"dataset_folder=[" + dir.resolve("no such folder") + "] model_file=[" + dir.resolve("x.zip") + "]\");\n"
			+ "File.saveString(\"reached\", \"" + reached + "\");", "");
		assertFalse(Files.exists(reached), "the macro went on after a failed Train Model");
		assertFalse(Files.exists(dir.resolve("x.zip")));
	}
}
