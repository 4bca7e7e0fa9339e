package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.bonefracture.data.Label;
import io.github.bonefracture.data.Sample;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What a stored fold outcome is reused by: a plan with the same key. */
class KFoldPlanTest {

	private static KFoldPlan plan(long seed) {
		List<Sample> samples = List.of(new Sample(Path.of("a.png"), Label.FRACTURE, "p1"), new Sample(Path.of("b.png"), Label.NORMAL, "p2"));
		ComputationGraph start = io.github.bonefracture.nets.DenseNet121.builder().inputSize(32, 32).blocks(1, 1, 1, 1).growthRate(8).stemFilters(8).seed(seed).build().init();
		return new KFoldPlan(samples, List.of(TinyNets.denseNet(1)), List.of(start), List.of(new int[] {0, 1}), 2);
	}

	/** The same plan run by the same releases finds its outcomes; by another release of either, it trains again. */
	@Test
	void keyFollowsTheReleasesThatCompute() {
		Map<String, String> these = Map.of("bone-fracture-detection", "1.0.0", "deeplearning4j", "1.0.0-M2.1");
		assertEquals(plan(1).key(these), plan(1).key(these));
		assertNotEquals(plan(1).key(these), plan(1).key(Map.of("bone-fracture-detection", "1.0.1", "deeplearning4j", "1.0.0-M2.1")));
		assertNotEquals(plan(1).key(these), plan(1).key(Map.of("bone-fracture-detection", "1.0.0", "deeplearning4j", "1.0.0-M3")));
		assertNotEquals(plan(1).key(these), plan(2).key(these), "another starting network");
		assertEquals(plan(1).key(), plan(1).key(ModelFile.releases()));
	}
}
