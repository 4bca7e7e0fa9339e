package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import io.github.bonefracture.backend.BaseFeatures;
import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.engine.TinyNets;

import static org.junit.jupiter.api.Assertions.*;

import org.bytedeco.dnnl.memory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** The oneDNN path against DL4J's graph, the reference, on the same weights. */
class OneDnnDenseNetTest {

	@BeforeAll
	static void runtime() {
		OneDnnPresent.require();
	}

	/** The two backends through the engine's seam: oneDNN's base against DL4J's graph, features and pooled features. */
	private static void assertSameFeatures(ComputationGraph g, int batch, int size, long seed) {
		Nd4j.getRandom().setSeed(seed);
		INDArray x = Nd4j.rand(batch, 3, size, size);
		try (BaseFeatures fast = Backends.onednn().base(g, false); BaseFeatures dl4j = Backends.dl4j().base(g, false)) {
			int[] shape = new int[4], refShape = new int[4];
			float[] got = fast.features(x.dup('c').data().asFloat(), batch, size, size, shape);
			float[] want = dl4j.features(x.dup('c').data().asFloat(), batch, size, size, refShape);
			assertArrayEquals(refShape, shape);
			assertEquals(refShape[1], fast.featureChannels());
			double maxDiff = 0, maxAbs = 0;
			for (int i = 0; i < want.length; i++) {
				maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
				maxAbs = Math.max(maxAbs, Math.abs(want[i]));
			}
			assertTrue(maxAbs > 0.1, "features must not vanish, max " + maxAbs);
			assertTrue(maxDiff <= 1e-5 * Math.max(1, maxAbs), "max difference " + maxDiff + " on values up to " + maxAbs);

			// Pooled features: DL4J's avg_pool output.
			float[][] pooled = fast.pooled(x.dup('c').data().asFloat(), batch, size, size);
			float[][] refPool = dl4j.pooled(x.dup('c').data().asFloat(), batch, size, size);
			for (int k = 0; k < batch; k++)
				for (int c = 0; c < pooled[k].length; c++)
					assertEquals(refPool[k][c], pooled[k][c], 1e-5 * Math.max(1, maxAbs), "image " + k + " channel " + c);
		}
	}

	/** The real network: DenseNet121's full blocks and widths at the reference input size. */
	@Test
	void fullSizeDenseNet121MatchesDl4j() {
		ComputationGraph g = DenseNet121.builder().inputSize(150, 150).updater(new Adam(1e-4)).seed(3).build().init();
		assertSameFeatures(TinyNets.withTrainedLookingBatchNorm(g, 5), 2, 150, 11);
	}

	/** Widths that are not a multiple of oneDNN's channel block (growth 8, stem 16) and an odd input size. */
	@Test
	void tinyVariantMatchesDl4j() {
		ComputationGraph g = DenseNet121.builder().inputSize(67, 67).blocks(2, 3, 2, 2).growthRate(8).stemFilters(16).seed(4).build().init();
		assertSameFeatures(TinyNets.withTrainedLookingBatchNorm(g, 6), 3, 67, 12);
	}

	/** bfloat16 where the CPU has it: the same features within bfloat16's 8-bit mantissa, compounded over the layers. */
	@Test
	void bf16FeaturesStayCloseToFloat() {
		org.junit.jupiter.api.Assumptions.assumeTrue(OneDnnDenseNet.bf16Native(), "no native bfloat16 on this CPU");
		ComputationGraph g = TinyNets.withTrainedLookingBatchNorm(DenseNet121.builder().inputSize(150, 150).seed(3).build().init(), 5);
		Nd4j.getRandom().setSeed(14);
		float[] x = Nd4j.rand(2, 3, 150, 150).data().asFloat();
		try (OneDnnDenseNet f = OneDnnDenseNet.of(g); OneDnnDenseNet b = OneDnnDenseNet.bf16(g)) {
			float[][] want = f.pooled(x, 2, 150, 150), got = b.pooled(x, 2, 150, 150);
			double num = 0, den = 0;
			for (int k = 0; k < 2; k++) for (int c = 0; c < want[k].length; c++) {
				num += (got[k][c] - want[k][c]) * (got[k][c] - want[k][c]);
				den += want[k][c] * want[k][c];
			}
			double rel = Math.sqrt(num / den);
			assertTrue(rel < 0.05 && rel > 0, "bfloat16 pooled features differ by " + rel + " (relative)");
		}
	}

	/**
	 * bfloat16 at growth rates off a multiple of 16 as well: oneDNN 3.3's
	 * bfloat16 3x3 kernels computed 8 or 12 output channels wrong (feature
	 * maps 11-13% off float), which the plan now computes into 16.
	 */
	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(ints = {8, 12, 16})
	void bf16FeaturesStayCloseToFloatAtAnyGrowthRate(int growth) {
		org.junit.jupiter.api.Assumptions.assumeTrue(OneDnnDenseNet.bf16Native(), "no native bfloat16 on this CPU");
		ComputationGraph g = TinyNets.withTrainedLookingBatchNorm(DenseNet121.builder().inputSize(64, 64).blocks(2, 2, 2, 2).growthRate(growth).stemFilters(24).seed(3).build().init(), 4);
		Nd4j.getRandom().setSeed(5);
		float[] x = Nd4j.rand(2, 3, 64, 64).data().asFloat();
		try (OneDnnDenseNet f = OneDnnDenseNet.of(g); OneDnnDenseNet b = OneDnnDenseNet.bf16(g)) {
			int[] shape = new int[4];
			float[] want = f.features(x, 2, 64, 64, shape), got = b.features(x, 2, 64, 64, shape);
			double num = 0, den = 0;
			for (int i = 0; i < want.length; i++) {
				num += (got[i] - want[i]) * (double) (got[i] - want[i]);
				den += want[i] * (double) want[i];
			}
			double rel = Math.sqrt(num / den);
			assertTrue(rel < 0.02 && rel > 0, "growth " + growth + ": bfloat16 features differ by " + rel + " (relative)");
		}
	}

	/**
	 * Transitions pool before their 1x1 convolution (a quarter of the
	 * pixels), and DL4J's features still come out (the tests above); the
	 * int8 calibration measures each transition convolution's output before
	 * its pool, as DL4J's graph and the QDQ export have it, where its range
	 * is wider.
	 */
	@Test
	void transitionsConvolvePooledMapsButCalibrationMeasuresKerasOrder() {
		ComputationGraph g = TinyNets.withTrainedLookingBatchNorm(DenseNet121.builder().inputSize(64, 64).blocks(2, 2, 2, 2).growthRate(16).stemFilters(32).seed(4).build().init(), 7);
		DenseNetSpec spec = DenseNetSpec.of(g);
		memory.format_tag tag = DnnPlan.tag(DnnPlan.widestBlock());
		try (InferencePlan pooling = new InferencePlan(g, spec, tag, false, true, 2, 64, 64).build();
			InferencePlan keras = new InferencePlan(g, spec, tag, false, false, 2, 64, 64).build())
		{
			// Block 1 runs at 16 px (64 / 2 / 2); pool2's convolution reads 8 px maps when pooling first.
			assertEquals(8, pooling.observed.get("pool2_conv").get_desc().get_dims().get(2));
			assertEquals(16, keras.observed.get("pool2_conv").get_desc().get_dims().get(2));
		}
		Nd4j.getRandom().setSeed(16);
		INDArray x = Nd4j.rand(2, 3, 64, 64);
		ActivationRanges r = OneDnnDenseNet.measureRanges(g, java.util.List.of(x.dup('c').data().asFloat()), 64, 64);
		for (String conv : new String[] {"pool2_conv", "pool3_conv", "pool4_conv"}) {
			float want = g.feedForward(x, false).get(conv).amax().getFloat(0);
			assertEquals(want, r.outputRange(conv).orElseThrow(), 1e-4 * want, conv + ": largest magnitude before the pool");
		}
	}

	/** Plans for several batch sizes side by side give each its own right answer. */
	@Test
	void batchSizesShareTheWeights() {
		ComputationGraph g = TinyNets.withTrainedLookingBatchNorm(DenseNet121.builder().inputSize(64, 64).blocks(2, 2, 2, 2).growthRate(8).seed(4).build().init(), 7);
		Nd4j.getRandom().setSeed(8);
		INDArray x = Nd4j.rand(3, 3, 64, 64);
		try (OneDnnDenseNet fast = OneDnnDenseNet.of(g)) {
			float[][] all = fast.pooled(x.dup('c').data().asFloat(), 3, 64, 64);
			for (int k = 0; k < 3; k++) {
				float[][] one = fast.pooled(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(k, k + 1)).dup('c').data().asFloat(), 1, 64, 64);
				assertArrayEquals(all[k], one[0], 1e-5f, "image " + k);
			}
		}
	}

	/**
	 * A single image writes each dense block into one buffer (no
	 * concatenation step runs) and gets DL4J's features, at DenseNet121's
	 * widths and at a growth rate no multiple of the channel block, where
	 * the plan concatenates as for a batch.
	 */
	@Test
	void singleImageWritesEachBlockInPlace() {
		ComputationGraph g = TinyNets.withTrainedLookingBatchNorm(
			DenseNet121.builder().inputSize(64, 64).blocks(2, 2, 2, 2).growthRate(32).stemFilters(64).seed(4).build().init(), 7);
		assertSameFeatures(g, 1, 64, 15);
		int block = DnnPlan.widestBlock();
		for (int growth : new int[] {32, 12}) {
			// Every width a multiple of 16 at growth 32 (64 to 128 in each block); not at 12.
			ComputationGraph net = DenseNet121.builder().inputSize(64, 64).blocks(2, 2, 2, 2).growthRate(growth).stemFilters(64).seed(4).build().init();
			try (InferencePlan one = new InferencePlan(net, DenseNetSpec.of(net), DnnPlan.tag(block), false, true, 1, 64, 64).build();
				InferencePlan three = new InferencePlan(net, DenseNetSpec.of(net), DnnPlan.tag(block), false, true, 3, 64, 64).build())
			{
				boolean inPlace = growth % block == 0;
				assertEquals(inPlace ? 0 : 8, concatenations(one), "growth " + growth + ": concatenation steps of a single image");
				assertEquals(8, concatenations(three), "growth " + growth + ": concatenation steps of a batch");
			}
		}
	}

	private static long concatenations(InferencePlan p) {
		return p.steps.stream().filter(s -> String.valueOf(s.p.get_kind()).equals("concat")).count();
	}

	/** New weights in the graph reach an existing plan through reload, as a fresh engine would read them. */
	@Test
	void reloadReadsChangedWeights() {
		ComputationGraph g = TinyNets.withTrainedLookingBatchNorm(DenseNet121.builder().inputSize(64, 64).blocks(2, 2, 2, 2).growthRate(16).stemFilters(32).seed(4).build().init(), 9);
		Nd4j.getRandom().setSeed(15);
		float[] x = Nd4j.rand(2, 3, 64, 64).data().asFloat();
		try (OneDnnDenseNet kept = OneDnnDenseNet.of(g)) {
			float[][] before = kept.pooled(x, 2, 64, 64);
			g.getLayer("conv2_block1_1_conv").getParam("W").muli(1.5);
			g.getLayer("conv1/bn").getParam("gamma").muli(0.5);
			g.getLayer("conv3_block2_0_bn").getParam("mean").addi(0.3);
			kept.reload();
			float[][] after = kept.pooled(x, 2, 64, 64);
			try (OneDnnDenseNet fresh = OneDnnDenseNet.of(g)) {
				float[][] want = fresh.pooled(x, 2, 64, 64);
				for (int k = 0; k < 2; k++) assertArrayEquals(want[k], after[k], 1e-6f, "image " + k);
			}
			assertFalse(java.util.Arrays.equals(before[0], after[0]), "the change must show");
		}
	}

	@Test
	void refusesOtherNetworksAndWrongInput() {
		ComputationGraph baseline = BaselineCnn.builder().build().init();
		assertFalse(OneDnnDenseNet.isDenseNet(baseline));
		assertThrows(IllegalArgumentException.class, () -> OneDnnDenseNet.of(baseline));
		ComputationGraph g = DenseNet121.builder().inputSize(64, 64).blocks(2, 2, 2, 2).growthRate(8).build().init();
		try (OneDnnDenseNet fast = OneDnnDenseNet.of(g)) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fast.pooled(new float[10], 1, 64, 64));
			assertTrue(e.getMessage().contains("expected 1x3x64x64"), e.getMessage());
		}
		assertTrue(OneDnnDenseNet.isDenseNet(g));
	}
}
