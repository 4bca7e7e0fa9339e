package io.github.bonefracture.gan;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.data.Label;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class GanTrainerTest {

	static GanConfig tiny(int epochs) {
		GanConfig c = new GanConfig();
		c.imageSize = 16;
		c.latentSize = 16;
		c.width = 8;
		c.epochs = epochs;
		c.batchSize = 16;
		c.learningRate = 1e-3;
		c.seed = 7;
		return c;
	}

	static TrainingRecord record(ToyImages toy) {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < toy.images.size(); i++) names.add("toy-" + i);
		return new TrainingRecord("toy", names, toy.of(Label.FRACTURE).size(), toy.of(Label.NORMAL).size(), "none");
	}

	static double distance(Generator g, ToyImages real) {
		double d = 0;
		for (Label l : Label.values()) d += FrechetDistance.between(ToyImages.features(real.of(l)), ToyImages.features(g.sample(l, 64, 99)));
		return d;
	}

	@Test
	void trainingBringsTheGeneratedDistributionCloser() {
		ToyImages toy = new ToyImages(32, 16, 1);
		List<Double> distances = new ArrayList<>();
		new GanTrainer(tiny(40), null).train(toy.images, toy.labels, record(toy), (e, g) -> {
			if (e.epoch == 1 || e.epoch == 40) distances.add(distance(g, toy));
		});
		// After one epoch the samples are noise-like blobs; after 40 the discs and bars are placed.
		assertTrue(distances.get(1) < 0.5 * distances.get(0), "Frechet distance after epochs 1 and 40: " + distances);
	}

	@Test
	void theSameSeedGivesTheSameGeneratorAndAnotherSeedAnother() {
		ToyImages toy = new ToyImages(8, 16, 2);
		Generator a = new GanTrainer(tiny(3), null).train(toy.images, toy.labels, record(toy), null);
		Generator b = new GanTrainer(tiny(3), null).train(toy.images, toy.labels, record(toy), null);
		GanConfig other = tiny(3);
		other.seed = 8;
		Generator c = new GanTrainer(other, null).train(toy.images, toy.labels, record(toy), null);
		assertEquals(a.parameters(), b.parameters());
		assertNotEquals(a.parameters(), c.parameters());
		assertArrayEquals(a.sample(Label.FRACTURE, 3, 5).get(2).data, b.sample(Label.FRACTURE, 3, 5).get(2).data);
	}

	@Test
	void aGeneratorNeedsBothClasses() {
		ToyImages toy = new ToyImages(4, 16, 3);
		List<Label> allNormal = new ArrayList<>(java.util.Collections.nCopies(toy.images.size(), Label.NORMAL));
		Exception e = assertThrows(io.github.bonefracture.core.InvalidInputException.class,
			() -> new GanTrainer(tiny(1), null).train(toy.images, allNormal, record(toy), null));
		assertTrue(e.getMessage().contains("no Fracture images"), e.getMessage());
	}
}
