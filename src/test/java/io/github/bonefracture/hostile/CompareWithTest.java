package io.github.bonefracture.hostile;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.phantom.PhantomGenerator;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two configurations on the same folds from the command line: an earlier run's settings beside this run's. */
class CompareWithTest {

	@TempDir
	Path dir;

	@Test
	void anEarlierRunsSettingsRunOnTheseFoldsAndAreCompared() throws Exception {
		Path data = dir.resolve("data");
		new PhantomGenerator(3, 64, 64).writeSet(data, 6, 0);
		Path first = dir.resolve("first"), second = dir.resolve("second");
		Hostile.cli("eval-w-kfold", "-i", data.toString(), "-k", "3", "-o", first.toString(), "-a", "baseline-cnn", "--weights", "random",
			"--epochs1", "2", "--epochs2", "0", "-b", "4", "--inner-folds", "0").expect(0);
		Hostile.Run r = Hostile.cli("eval-w-kfold", "-i", data.toString(), "-k", "3", "--fold-seed", "9", "-o", second.toString(), "-a", "baseline-cnn",
			"--weights", "random", "--epochs1", "3", "--epochs2", "0", "-b", "4", "--inner-folds", "0", "--compare-with", first.resolve("summary.json").toString()).expect(0);
		assertTrue(r.out.contains("baseline-cnn vs baseline-cnn") && r.out.contains("DeLong"), r.toString());
		var all = JsonParser.parseString(Files.readString(second.resolve("summary.json"))).getAsJsonArray();
		assertEquals(2, all.size());
		assertEquals(2, all.get(1).getAsJsonObject().getAsJsonObject("training").get("phase1Epochs").getAsInt(), "the earlier run's settings");
		JsonObject cmp = all.get(0).getAsJsonObject().getAsJsonObject("run").getAsJsonArray("comparisons").get(0).getAsJsonObject();
		assertEquals(2, cmp.get("settingsB").getAsInt());
		assertTrue(Files.exists(second.resolve("roc-baseline-cnn-settings2.png")));
	}
}
