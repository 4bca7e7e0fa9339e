package io.github.bonefracture.backend.choice;


import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.backend.*;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.nets.BaselineCnn;
import io.github.bonefracture.nets.BatchNormMode;
import io.github.bonefracture.nets.DenseNet121;
import io.github.bonefracture.nets.NativeRuntime;
import io.github.bonefracture.nets.StepResult;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The one place that chooses a backend, and the two backends answering alike through the seam. */
class BackendsTest {

	@BeforeAll
	static void runtime() {
		NativeRuntime.configure();
	}

	@Test
	void theUsersChoiceDecides() {
		assertEquals("DL4J", Backends.choose("dl4j", Progress.NONE).name());
		assertEquals("oneDNN", Backends.choose("onednn", Progress.NONE).name());
		assertEquals("oneDNN", Backends.choose("auto", Progress.NONE).name(), "oneDNN runs on the machines the build targets");
		assertEquals("oneDNN", Backends.choose(null, Progress.NONE).name());
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> Backends.choose("gpu", Progress.NONE));
		assertTrue(e.getMessage().contains("auto, onednn or dl4j"), e.getMessage());
	}

	/** The JVM options are read here and only here (this test class runs in its own JVM). */
	@Test
	void theJvmOptionsAreReadByTheSelector() {
		try {
			System.setProperty(Backends.PROPERTY, "dl4j");
			assertEquals("DL4J", Backends.choose("auto", Progress.NONE).name());
			assertEquals("oneDNN", Backends.choose("onednn", Progress.NONE).name(), "an explicit choice wins over the JVM option");
			System.clearProperty(Backends.PROPERTY);
			System.setProperty(Backends.LEGACY_PROPERTY, "false");
			assertEquals("DL4J", Backends.choose("auto", Progress.NONE).name());
		} finally {
			System.clearProperty(Backends.PROPERTY);
			System.clearProperty(Backends.LEGACY_PROPERTY);
		}
	}

	/** The baseline CNN has no DenseNet base: the oneDNN backend hands it to DL4J, with the same answers. */
	@Test
	void otherNetworksFallBackToDl4j() {
		ComputationGraph g = BaselineCnn.builder().inputSize(40, 16).filters(4, 8, 8).dense(16).seed(1).build().init();
		float[] x = Nd4j.rand(3, 1, 40, 16).data().asFloat();
		long[] shape = {3, 1, 40, 16};
		try (Inference a = Backends.onednn().inference(g, null, BaselineCnn.OUTPUT, false);
			Inference b = Backends.dl4j().inference(g, null, BaselineCnn.OUTPUT, false))
		{
			assertArrayEquals(b.run(x, shape, false).probabilities, a.run(x, shape, false).probabilities, 0);
		}
		assertFalse(Backends.onednn().bf16Native(g));
	}

	/** DenseNet's inference and one training step agree between the backends. */
	@Test
	void denseNetInferenceAndTrainingAgree() {
		ComputationGraph g = DenseNet121.builder().inputSize(64, 64).blocks(2, 2, 2, 2).growthRate(8).dropout(0).seed(2).build().init();
		Nd4j.getRandom().setSeed(4);
		float[] x = Nd4j.rand(4, 3, 64, 64).data().asFloat();
		long[] shape = {4, 3, 64, 64};
		try (Inference a = Backends.onednn().inference(g, DenseNet121.FEATURES, DenseNet121.OUTPUT, false);
			Inference b = Backends.dl4j().inference(g, DenseNet121.FEATURES, DenseNet121.OUTPUT, false))
		{
			Inference.Output oa = a.run(x, shape, true), ob = b.run(x, shape, true);
			assertArrayEquals(ob.probabilities, oa.probabilities, 1e-5);
			assertArrayEquals(ob.featureShape, oa.featureShape);
			assertArrayEquals(ob.features, oa.features, 1e-4f);
		}
		float[] y = {1, 0, 1, 0};
		ComputationGraph ga = io.github.bonefracture.engine.Networks.phase(g, 1e-3, true);
		ComputationGraph gb = io.github.bonefracture.engine.Networks.phase(g, 1e-3, true);
		StepResult ra, rb;
		try (Training ta = Backends.onednn().training(ga, BatchNormMode.FROZEN, 1e-3, 0)) {
			ra = ta.fit(x, shape, y, null);
			ta.copyInto(ga);
		}
		try (Training tb = Backends.dl4j().training(gb, BatchNormMode.FROZEN, 1e-3, 0)) {
			rb = tb.fit(x, shape, y, null);
			tb.copyInto(gb);
		}
		assertEquals(rb.loss, ra.loss, 1e-4);
		assertArrayEquals(rb.logits, ra.logits, 1e-4f);
		assertFalse(g.getLayer("conv1/conv").params().equalsWithEps(ga.getLayer("conv1/conv").params(), 1e-9), "the step changed them");
	}
}
