package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.Progress;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class KFoldEvaluatorTest {

	@TempDir
	Path dir;

	@Test
	void bothArchitecturesOnTheSameFoldsWithFilesThatAgree() throws Exception {
		Path data = TinyNets.phantoms(dir.resolve("data"), 6, 64, 1);
		Path out = dir.resolve("kfold");
		List<KFoldResult> rs = new KFoldEvaluator(3, 42, TestBackends.onednn(), Progress.NONE).run(data, List.of(TinyNets.denseNet(1), TinyNets.baseline(1)), out);
		assertEquals(2, rs.size());
		assertArrayEquals(rs.get(0).fold, rs.get(1).fold, "same folds for both architectures");
		for (KFoldResult r : rs) {
			assertEquals(3, r.folds.size());
			assertEquals(12, r.oof.length);
			int n = 0;
			for (int f = 0; f < 3; f++) {
				int fi = f;
				int[] idx = java.util.stream.IntStream.range(0, 12).filter(i -> r.fold[i] == fi).toArray();
				double[] p = java.util.Arrays.stream(idx).mapToDouble(i -> r.oof[i]).toArray();
				int[] y = java.util.Arrays.stream(idx).map(i -> r.targets[i]).toArray();
				assertEquals(Metrics.of(p, y, 0.5).accuracy, r.folds.get(f).accuracy, 1e-12);
				n += r.folds.get(f).n;
			}
			assertEquals(12, n);
			for (double p : r.oof) assertTrue(p > 0 && p < 1);
		}
		assertEquals(1 + 6, Files.readAllLines(out.resolve("folds.csv")).size());
		assertEquals(1 + 24, Files.readAllLines(out.resolve("predictions.csv")).size());
		JsonArray summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonArray();
		assertEquals(2, summary.size());
		assertEquals("densenet121", summary.get(0).getAsJsonObject().get("architecture").getAsString());
		assertEquals(rs.get(0).pooledAuc(), summary.get(0).getAsJsonObject().get("pooledOutOfFoldAuc").getAsDouble(), 1e-12);
		assertEquals(3, summary.get(1).getAsJsonObject().getAsJsonArray("perFold").size());
	}

	/** A MURA-layout tree (12 patients, 2 images each): no patient's images in two folds, and the report says how folds were made. */
	@Test
	void aMuraTreeIsSplitByPatientWithTheComparisonTested() throws Exception {
		Path flat = TinyNets.phantoms(dir.resolve("flat"), 12, 64, 1);
		Path mura = dir.resolve("MURA-v1.1/train/XR_HUMERUS");
		java.util.List<Path> fractures, normals;
		try (var f = Files.list(flat.resolve("Fracture")); var n = Files.list(flat.resolve("Normal"))) {
			fractures = f.sorted().collect(java.util.stream.Collectors.toList());
			normals = n.sorted().collect(java.util.stream.Collectors.toList());
		}
		for (int p = 0; p < 12; p++) {
			java.util.List<Path> src = p % 2 == 0 ? fractures : normals;
			String study = p % 2 == 0 ? "study1_positive" : "study1_negative";
			for (int i = 0; i < 2; i++) {
				Path t = mura.resolve(String.format("patient%05d/%s/image%d.png", p, study, i + 1));
				Files.createDirectories(t.getParent());
				Files.copy(src.get((p / 2) * 2 + i), t);
			}
		}
		Path out = dir.resolve("kfold-mura");
		List<KFoldResult> rs = new KFoldEvaluator(3, 7, TestBackends.onednn(), Progress.NONE)
			.run(mura.getParent().getParent(), List.of(TinyNets.denseNet(1), TinyNets.baseline(1)), out);
		KFoldResult r = rs.get(0);
		java.util.Map<String, Integer> foldOf = new java.util.HashMap<>();
		for (int i = 0; i < r.samples.size(); i++) {
			String patient = r.samples.get(i).group();
			Integer before = foldOf.putIfAbsent(patient, r.fold[i]);
			assertTrue(before == null || before == r.fold[i], patient + " in two folds");
		}
		assertEquals(12, foldOf.size());
		JsonObject run = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonArray().get(0).getAsJsonObject().getAsJsonObject("run");
		assertTrue(run.get("grouping").getAsString().startsWith("by patient: 12 patients"), run.toString());
		assertEquals(7, run.get("foldSeed").getAsLong());
		// What the figures repeat with: the backend, its instruction set, the thread count.
		JsonObject with = run.getAsJsonObject("computedWith");
		assertEquals(String.valueOf(io.github.bonefracture.backend.Backend.threads()), with.get("threads").getAsString());
		assertFalse(with.get("instructionSet").getAsString().isBlank());
		assertFalse(with.get("backend").getAsString().isBlank());
		// And the CPU by name, as the operating system reports it (Linux: /proc/cpuinfo's model name).
		Path cpuinfo = Path.of("/proc/cpuinfo");
		if (Files.isReadable(cpuinfo)) {
			String model = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name")).findFirst()
				.map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
			assertTrue(with.get("cpu").getAsString().startsWith(model), with.get("cpu") + " against /proc/cpuinfo's " + model);
		}
		// Each fold's conformal sets, from its inner validation split, scored on its test fold.
		JsonObject sets = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonArray().get(0).getAsJsonObject().getAsJsonObject("conformalSets");
		assertEquals(0.1, sets.get("errorRate").getAsDouble());
		assertEquals(rs.get(0).folds.size(), sets.getAsJsonArray("coveragePerFold").size());
		for (com.google.gson.JsonElement c : sets.getAsJsonArray("coveragePerFold")) assertTrue(c.getAsDouble() >= 0 && c.getAsDouble() <= 1, sets.toString());
		String foldsHeader = Files.readAllLines(out.resolve("folds.csv")).get(0);
		assertTrue(foldsHeader.endsWith(",set_coverage,uncertain_share"), foldsHeader);
		assertTrue(foldsHeader.contains(",threshold,threshold_low,threshold_high,at_threshold_accuracy,at_threshold_sensitivity"), foldsHeader);
		JsonObject cmp = run.getAsJsonArray("comparisons").get(0).getAsJsonObject();
		assertEquals("baseline-cnn", cmp.get("b").getAsString());
		double pNow = RocComparison.of(rs.get(0).oof, rs.get(1).oof, r.targets, 2000, 7).p;
		if (pNow >= 1e-16) assertEquals(pNow, cmp.get("deLongP").getAsDouble(), 1e-12);
		else assertEquals("< 1e-16", cmp.get("deLongP").getAsString());
		assertEquals(1, cmp.get("repeat").getAsInt(), "repeats numbered from 1, as in the CSVs");
		JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonArray().get(0).getAsJsonObject();
		assertEquals(3, summary.getAsJsonArray("foldThresholds").size(), "one threshold per fold, learned within its training images");
		assertTrue(summary.has("thresholdAccuracyMean") && summary.has("brier") && summary.has("expectedCalibrationError"), summary.toString());
		assertEquals(3, r.foldsAtThreshold.size());
		assertTrue(Files.readAllLines(out.resolve("predictions.csv")).get(0).contains("group,label,fold,p_fracture,p_fracture_calibrated,prediction_set"));
		assertTrue(Files.readAllLines(out.resolve("predictions.csv")).get(1).contains("patient00000"));
		assertTrue(Files.readString(out.resolve("reliability.csv")).startsWith("architecture,starting_weights,settings,repeat,probabilities,bin_low"));
		// The same seeds give the same folds.
		assertArrayEquals(r.fold, new KFoldEvaluator(3, 7, TestBackends.onednn(), Progress.NONE)
			.run(mura.getParent().getParent(), List.of(TinyNets.baseline(1)), null).get(0).fold);
	}

	/** Repeats: the k folds again with the next fold seeds, and the spread of the pooled AUC over them. */
	@Test
	void repeatsDrawNewFoldsAndReportTheSpread() throws Exception {
		Path data = TinyNets.phantoms(dir.resolve("data"), 6, 64, 1);
		Path out = dir.resolve("repeated");
		List<KFoldResult> rs = new KFoldEvaluator(3, 11, 2, TestBackends.onednn(), Progress.NONE).run(data, List.of(TinyNets.baseline(2)), out);
		assertEquals(2, rs.size());
		assertEquals(0, rs.get(0).repeat);
		assertEquals(1, rs.get(1).repeat);
		assertEquals(12, rs.get(1).foldSeed);
		assertFalse(java.util.Arrays.equals(rs.get(0).fold, rs.get(1).fold), "another draw of the folds");
		JsonObject run = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonArray().get(0).getAsJsonObject().getAsJsonObject("run");
		JsonObject spread = run.getAsJsonObject("acrossRepeats").getAsJsonObject("baseline-cnn");
		JsonObject assignment = run.getAsJsonObject("assignment");
		assertEquals(12, assignment.size(), "every image's folds recorded");
		assertEquals(rs.get(1).fold[0] + 1, assignment.getAsJsonArray("Fracture/fracture_000.png").get(1).getAsInt());
		assertEquals(2, spread.getAsJsonArray("pooledAucPerRepeat").size());
		assertEquals((rs.get(0).pooledAuc() + rs.get(1).pooledAuc()) / 2, spread.get("pooledAucMean").getAsDouble(), 1e-12);
		assertEquals(1 + 24, Files.readAllLines(out.resolve("predictions.csv")).size());
		assertTrue(Files.readAllLines(out.resolve("folds.csv")).get(0).startsWith("architecture,starting_weights,settings,repeat,fold"));

		// Again from its summary.json: the same folds in every repeat; refused once the dataset changed.
		KFoldRerun again = KFoldRerun.read(out.resolve("summary.json"));
		assertEquals(3, again.k);
		assertEquals(2, again.repeats);
		List<KFoldResult> rerun = again.run(data, TestBackends.onednn(), Progress.NONE, null);
		assertArrayEquals(rs.get(0).fold, rerun.get(0).fold);
		assertArrayEquals(rs.get(1).fold, rerun.get(1).fold);
		Files.delete(data.resolve("Normal/normal_005.png"));
		var e = assertThrows(io.github.bonefracture.core.InvalidInputException.class, () -> again.run(data, TestBackends.onednn(), Progress.NONE, null));
		assertTrue(e.getMessage().contains("differs from the one"), e.getMessage());
	}
}
