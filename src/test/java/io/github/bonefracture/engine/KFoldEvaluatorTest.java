package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.Progress;

import com.google.gson.JsonArray;
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
		List<KFoldEvaluator.Result> rs = new KFoldEvaluator(3, 42, TestBackends.onednn(), Progress.NONE).run(data, List.of(TinyNets.denseNet(1), TinyNets.baseline(1)), out);
		assertEquals(2, rs.size());
		assertArrayEquals(rs.get(0).fold, rs.get(1).fold, "same folds for both architectures");
		for (KFoldEvaluator.Result r : rs) {
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
}
