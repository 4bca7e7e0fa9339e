package io.github.bonefracture.hostile;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.phantom.PhantomGenerator;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate: a model on a labelled test set it never saw, from the command line as a user runs it. */
class EvaluateTest {

	@TempDir
	Path dir;

	@Test
	void aModelOnAnExternalTestSet() throws Exception {
		Path train = dir.resolve("train"), test = dir.resolve("test");
		new PhantomGenerator(3, 64, 64).writeSet(train, 6, 0);
		// Another generator seed: images the model never saw.
		new PhantomGenerator(99, 64, 64).writeSet(test, 5, 0);
		Files.write(test.resolve("Normal/broken.png"), new byte[] {1, 2, 3});
		Path model = dir.resolve("m.zip");
		Hostile.cli("train", "-i", train.toString(), "-o", model.toString(), "--weights", "random", "--image-size", "64", "--blocks", "2,2,2,2",
			"--growth-rate", "8", "--epochs1", "2", "--epochs2", "0", "-b", "4").expect(0);
		Path out = dir.resolve("eval");
		Hostile.Run r = Hostile.cli("evaluate", "-i", test.toString(), "-m", model.toString(), "-o", out.toString()).expect(0);
		assertTrue(r.out.contains("External test set " + test + ": 10 images (5 Fracture), 1 unreadable"), r.toString());
		assertTrue(r.out.contains("AUC ") && r.out.contains("(DeLong)"), r.toString());
		JsonObject j = JsonParser.parseString(Files.readString(out.resolve("evaluation.json"))).getAsJsonObject();
		assertEquals(10, j.get("images").getAsInt());
		double auc = j.get("auc").getAsDouble();
		assertTrue(auc >= 0 && auc <= 1);
		assertTrue(j.getAsJsonArray("auc95CI").get(0).getAsDouble() <= auc && auc <= j.getAsJsonArray("auc95CI").get(1).getAsDouble());
		List<String> rows = Files.readAllLines(out.resolve("evaluation-predictions.csv"));
		assertEquals(1 + 11, rows.size());
		assertTrue(rows.stream().anyMatch(l -> l.contains("broken.png") && l.contains("not an image")), rows.toString());
		assertTrue(Files.exists(out.resolve("evaluation-reliability.csv")));
		assertTrue(javax.imageio.ImageIO.read(out.resolve("evaluation-reliability.png").toFile()).getWidth() > 100);
		assertEquals(0, j.get("testImagesSeenInTraining").getAsInt());
		assertFalse(r.err.contains("trained on (the same bytes)"), r.toString());
		// The folder it was trained on, copied elsewhere: known by content, and said.
		Path copy = dir.resolve("copy");
		for (String c : new String[] {"Fracture", "Normal"}) {
			Files.createDirectories(copy.resolve(c));
			try (var l = Files.list(train.resolve(c))) {
				for (Path p : (Iterable<Path>) l::iterator) Files.copy(p, copy.resolve(c).resolve("x_" + p.getFileName()));
			}
		}
		Path out2 = dir.resolve("eval2");
		Hostile.Run seen = Hostile.cli("evaluate", "-i", copy.toString(), "-m", model.toString(), "-o", out2.toString()).expect(0);
		assertTrue(seen.err.contains("12 of 12 test images are images this model was trained on (the same bytes): these figures are not an external test"), seen.toString());
		assertEquals(12, JsonParser.parseString(Files.readString(out2.resolve("evaluation.json"))).getAsJsonObject().get("testImagesSeenInTraining").getAsInt());
		Hostile.Run missing = Hostile.cli("evaluate", "-i", test.toString()).expect(2);
		assertTrue(missing.err.contains("--model"), missing.toString());
	}
}
