package io.github.bonefracture.phantom;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.data.Label;
import io.github.bonefracture.preprocess.FloatImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhantomGeneratorTest {

	@TempDir
	Path dir;

	@Test
	void sameSeedSameBytesOtherSeedOtherImage() throws Exception {
		List<Path> a = new PhantomGenerator(5, 40, 60).writeSet(dir.resolve("a"), 3, 1);
		List<Path> b = new PhantomGenerator(5, 40, 60).writeSet(dir.resolve("b"), 3, 1);
		assertEquals(8, a.size());
		for (int i = 0; i < a.size(); i++) assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
		FloatImage x = new PhantomGenerator(5, 40, 60).generate(0, Label.NORMAL).image;
		FloatImage y = new PhantomGenerator(6, 40, 60).generate(0, Label.NORMAL).image;
		assertFalse(java.util.Arrays.equals(x.data, y.data));
	}

	/** The committed samples are exactly what the documented command makes. */
	@Test
	void committedSampleImagesRegenerateByteForByte() throws Exception {
		Path committed = Paths.get("sample-images");
		assertTrue(Files.isDirectory(committed.resolve("Fracture")), "sample-images/Fracture is missing");
		new PhantomGenerator(SampleImages.SEED).writeSet(dir, SampleImages.PER_CLASS, SampleImages.TIFF_PER_CLASS);
		List<Path> made;
		try (Stream<Path> s = Files.walk(dir)) {
			made = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
		}
		assertEquals(2 * (SampleImages.PER_CLASS + SampleImages.TIFF_PER_CLASS), made.size());
		for (Path m : made) {
			Path c = committed.resolve(dir.relativize(m).toString());
			assertTrue(Files.exists(c), "not committed: " + c);
			assertArrayEquals(Files.readAllBytes(m), Files.readAllBytes(c), "differs: " + c);
		}
	}

	@Test
	void everyFracturePatternOccurs() {
		PhantomGenerator g = new PhantomGenerator(42, 32, 32);
		Set<PhantomGenerator.Pattern> seen = EnumSet.noneOf(PhantomGenerator.Pattern.class);
		boolean displaced = false;
		for (int i = 0; i < 60; i++) {
			PhantomGenerator.Phantom p = g.generate(i, Label.FRACTURE);
			seen.add(p.pattern);
			displaced |= p.displaced;
			assertEquals(PhantomGenerator.Pattern.NONE, g.generate(i, Label.NORMAL).pattern);
		}
		assertTrue(seen.containsAll(EnumSet.complementOf(EnumSet.of(PhantomGenerator.Pattern.NONE))), seen.toString());
		assertTrue(displaced);
	}

	/** The best single threshold on image mean or standard deviation stays near chance. */
	@Test
	void classesAreNotSeparableByAGlobalStatistic() {
		PhantomGenerator g = new PhantomGenerator(42, 96, 120);
		List<double[]> f = new ArrayList<>(), n = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			f.add(stats(g.generate(i, Label.FRACTURE).image));
			n.add(stats(g.generate(i, Label.NORMAL).image));
		}
		for (int k = 0; k < 2; k++) {
			double acc = bestThresholdAccuracy(f, n, k);
			assertTrue(acc < 0.62, (k == 0 ? "mean" : "std") + " separates the classes: " + acc);
		}
	}

	static double[] stats(FloatImage img) {
		double s = 0, ss = 0;
		for (float v : img.data) {
			s += v;
			ss += v * v;
		}
		double m = s / img.data.length;
		return new double[] {m, Math.sqrt(ss / img.data.length - m * m)};
	}

	static double bestThresholdAccuracy(List<double[]> pos, List<double[]> neg, int k) {
		List<Double> all = new ArrayList<>();
		pos.forEach(v -> all.add(v[k]));
		neg.forEach(v -> all.add(v[k]));
		double best = 0;
		for (double t : all) {
			long tp = pos.stream().filter(v -> v[k] >= t).count(), tn = neg.stream().filter(v -> v[k] < t).count();
			double acc = (tp + tn) / (double) (pos.size() + neg.size());
			best = Math.max(best, Math.max(acc, 1 - acc));
		}
		return best;
	}
}
