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
		new GanTrainer(tiny(60), null).train(toy.images, toy.labels, record(toy), (e, g) -> {
			if (e.epoch == 1 || e.epoch % 20 == 0) distances.add(distance(g, toy));
			System.out.println(e.epoch + " d " + e.discriminatorLoss + " g " + e.generatorLoss + " t " + e.seconds + (distances.isEmpty() ? "" : " fd " + distances.get(distances.size() - 1)));
		});
		System.out.println(distances);
		assertTrue(distances.get(distances.size() - 1) < 0.5 * distances.get(0), "Frechet distance " + distances);
	}
}
