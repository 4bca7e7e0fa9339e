package io.github.bonefracture.nets;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.InvalidInputException;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

class NetworksTest {

	static final Path FIXTURE = Paths.get("src/test/resources/fixtures/tiny_densenet.h5");
	static final Path EXPECTED = Paths.get("src/test/resources/fixtures/tiny_densenet.h5.expected.h5");

	@TempDir
	Path dir;

	@BeforeAll
	static void runtime() {
		NativeRuntime.configure();
	}

	/** The tiny variant the fixture was made with: blocks [2,2,2,2], growth 8, 64 px. */
	static DenseNet121 tiny() {
		return DenseNet121.builder().inputSize(64, 64).blocks(2, 2, 2, 2).growthRate(8).stemFilters(16).seed(1).build();
	}

	@Test
	void fullSizeBaseHasKerasParameterCountAndNames() {
		ComputationGraph g = DenseNet121.builder().inputSize(150, 150).build().init();
		long head = g.getLayer(DenseNet121.OUTPUT).numParams();
		assertEquals(DenseNet121.BASE_PARAMETERS, g.numParams() - head);
		assertEquals(1024 + 1, head);
		for (String name : new String[] {"conv1/conv", "conv1/bn", "conv2_block1_0_bn", "conv2_block6_2_conv", "pool2_conv",
			"conv5_block16_2_conv", "pool4_bn", "bn"})
			assertNotNull(g.getLayer(name), name);
		Nd4j.getRandom().setSeed(11);
		INDArray out = g.outputSingle(false, Nd4j.rand(1, 3, 150, 150));
		assertArrayEquals(new long[] {1, 1}, out.shape());
		assertTrue(out.getDouble(0) > 0 && out.getDouble(0) < 1);
	}

	@Test
	void baselineIsTheReferenceNaiveCnn() {
		ComputationGraph g = BaselineCnn.builder().build().init();
		// 1x1 convs 1->16->32->64, flatten of 25x9x64 into 128, then 1.
		long expected = (1 * 16 + 16) + (16 * 32 + 32) + (32 * 64 + 64) + (25 * 9 * 64 * 128 + 128) + (128 + 1);
		assertEquals(expected, g.numParams());
		Nd4j.getRandom().setSeed(11);
		INDArray out = g.outputSingle(false, Nd4j.rand(2, 1, 200, 75));
		assertArrayEquals(new long[] {2, 1}, out.shape());
	}

	@Test
	void sameSeedSameWeights() {
		assertEquals(tiny().init().params(), tiny().init().params());
		assertNotEquals(tiny().init().params(), DenseNet121.builder().inputSize(64, 64).blocks(2, 2, 2, 2).growthRate(8).stemFilters(16).seed(2).build().init().params());
	}

	/** DL4J reads a configuration seed of 0 as none (weights from the clock): a user's seed 0 must still give one model. */
	@Test
	void seedZeroIsASeed() {
		DenseNet121.Builder b = DenseNet121.builder().inputSize(64, 64).blocks(2, 2, 2, 2).growthRate(8).stemFilters(16).seed(0);
		assertEquals(b.build().init().params(), b.build().init().params());
	}

	/** torchvision's DenseNet with the same weights gives the same features. */
	@Test
	void importedWeightsReproduceTorchvisionFeatures() {
		ComputationGraph g = tiny().init();
		KerasWeights.read(FIXTURE).copyInto(g, Set.of(DenseNet121.OUTPUT), FIXTURE);
		Map<String, KerasWeights.Tensor> expected = KerasWeights.datasets(EXPECTED);
		KerasWeights.Tensor in = expected.get("input"), feat = expected.get("features");
		INDArray input = Nd4j.create(in.data, in.shape, 'c');
		INDArray got = g.feedForward(input, false).get(DenseNet121.FEATURES);
		INDArray want = Nd4j.create(feat.data, feat.shape, 'c');
		assertArrayEquals(want.shape(), got.shape());
		double maxAbs = want.amaxNumber().doubleValue();
		double err = got.sub(want).amaxNumber().doubleValue();
		assertTrue(err <= 1e-4 * maxAbs, "max abs error " + err + " against max " + maxAbs);
	}

	private Map<String, Map<String, KerasWeights.Tensor>> fixtureCopy() {
		Map<String, Map<String, KerasWeights.Tensor>> m = new TreeMap<>();
		KerasWeights.read(FIXTURE).layers().forEach((k, v) -> m.put(k, new LinkedHashMap<>(v)));
		return m;
	}

	private InvalidInputException refused(Map<String, Map<String, KerasWeights.Tensor>> layers) {
		Path f = dir.resolve("bad.h5");
		H5Writer.write(f, layers);
		ComputationGraph g = tiny().init();
		return assertThrows(InvalidInputException.class, () -> KerasWeights.read(f).copyInto(g, Set.of(DenseNet121.OUTPUT), f));
	}

	@Test
	void missingExtraOrMisshapedWeightIsRefusedNamingTheLayer() {
		Map<String, Map<String, KerasWeights.Tensor>> missing = fixtureCopy();
		missing.remove("conv3_block2_1_conv");
		assertTrue(refused(missing).getMessage().contains("'conv3_block2_1_conv'"));

		Map<String, Map<String, KerasWeights.Tensor>> extra = fixtureCopy();
		extra.put("conv9_block1_1_conv", Map.of("kernel", new KerasWeights.Tensor(new long[] {1, 1, 2, 2}, new float[4])));
		assertTrue(refused(extra).getMessage().contains("'conv9_block1_1_conv'"));

		Map<String, Map<String, KerasWeights.Tensor>> shape = fixtureCopy();
		shape.get("pool2_conv").put("kernel", new KerasWeights.Tensor(new long[] {1, 1, 32, 8}, new float[256]));
		String msg = refused(shape).getMessage();
		assertTrue(msg.contains("'pool2_conv'") && msg.contains("[1, 1, 32, 8]") && msg.contains("[1, 1, 32, 16]"), msg);

		Map<String, Map<String, KerasWeights.Tensor>> bnMissing = fixtureCopy();
		bnMissing.get("bn").remove("moving_variance");
		assertTrue(refused(bnMissing).getMessage().contains("'bn'"));
	}

	@Test
	void notAnHdf5FileIsAClearError() throws Exception {
		Path f = dir.resolve("weights.h5");
		java.nio.file.Files.writeString(f, "<html>404</html>");
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> KerasWeights.read(f));
		assertTrue(e.getMessage().contains("weights.h5") && e.getMessage().contains("HDF5"), e.getMessage());
	}

	@Test
	void oneDnnHelpersAreActiveOnConvAndBatchNorm() {
		NativeRuntime.Status status = NativeRuntime.configure();
		assertTrue(status.oneDnnActive, status.message);
		ComputationGraph g = tiny().init();
		Nd4j.getRandom().setSeed(11);
		g.fit(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {Nd4j.rand(2, 3, 64, 64)}, new INDArray[] {Nd4j.ones(2, 1)}));
		assertHelper(g.getLayer("conv1/conv"), "MKLDNNConvHelper");
		assertHelper(g.getLayer("conv1/bn"), "MKLDNNBatchNormHelper");
	}

	/** The engine runs on the native stack Fiji ships (pom-scijava 45): JavaCPP 1.5.10, OpenBLAS 0.3.26-1.5.10. */
	@Test
	void runsOnFijisJavaCppAndOpenBlas() throws Exception {
		assertEquals("1.5.10", org.bytedeco.javacpp.Loader.getVersion());
		String openblas = org.bytedeco.openblas.global.openblas.class.getProtectionDomain().getCodeSource().getLocation().getPath();
		assertTrue(openblas.contains("0.3.26-1.5.10"), openblas);
		String javacppNatives = org.bytedeco.javacpp.Loader.class.getProtectionDomain().getCodeSource().getLocation().getPath();
		assertTrue(javacppNatives.contains("1.5.10"), javacppNatives);
		Nd4j.getRandom().setSeed(11);
		INDArray out = tiny().init().outputSingle(false, Nd4j.rand(1, 3, 64, 64));
		assertTrue(out.getDouble(0) > 0 && out.getDouble(0) < 1);
	}

	@Test
	void anUnsupportedPlatformGetsAMessage() {
		String m = NativeRuntime.unsupported("SunOS", "sparcv9", new UnsatisfiedLinkError("no jnind4jcpu")).getMessage();
		assertTrue(m.contains("SunOS sparcv9") && m.contains("no jnind4jcpu") && m.contains("no native build for sunos-sparcv9"), m);
		String winArm = NativeRuntime.unsupported("Windows 11", "aarch64", new UnsatisfiedLinkError("x")).getMessage();
		assertTrue(winArm.contains("no native build for win-arm64"), winArm);
		String mac = NativeRuntime.unsupported("Mac OS X", "aarch64", new UnsatisfiedLinkError("x")).getMessage();
		assertTrue(mac.contains("jars/macos-arm64"), mac);
	}

	/** Platform names follow imagej-updater's Platforms.current(): OS prefix, then the architecture's suffix. */
	@Test
	void fijiPlatformNamesFollowTheUpdater() {
		assertEquals("linux64", NativeRuntime.fijiPlatform("Linux", "amd64"));
		assertEquals("linux-arm64", NativeRuntime.fijiPlatform("Linux", "aarch64"));
		assertEquals("win64", NativeRuntime.fijiPlatform("Windows 10", "amd64"));
		assertEquals("macos64", NativeRuntime.fijiPlatform("Mac OS X", "x86_64"));
		assertEquals("macos-arm64", NativeRuntime.fijiPlatform("Mac OS X", "aarch64"));
	}

	/** oneDNN changes speed, not results: outputs and gradients match the generic code. */
	@Test
	void helpersOnAndOffGiveTheSameOutputsAndGradients() {
		Nd4j.getRandom().setSeed(7);
		INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 3, 64, 64);
		INDArray y = Nd4j.create(new float[] {1, 0, 1, 0}, new long[] {4, 1}, 'c');
		// No dropout: its random masks would differ between the two runs.
		java.util.function.Supplier<ComputationGraph> build = () -> DenseNet121.builder().inputSize(64, 64).blocks(2, 2, 2, 2)
			.growthRate(8).stemFilters(16).dropout(0).seed(1).build().init();
		ComputationGraph on = build.get();
		String before = System.getProperty(NativeRuntime.HELPERS_DISABLE);
		ComputationGraph off;
		System.setProperty(NativeRuntime.HELPERS_DISABLE, "true");
		try {
			off = build.get();
		} finally {
			System.setProperty(NativeRuntime.HELPERS_DISABLE, before == null ? "false" : before);
		}
		assertEquals(on.params(), off.params());
		INDArray outOn = on.outputSingle(false, x), outOff = off.outputSingle(false, x);
		assertTrue(outOn.equalsWithEps(outOff, 1e-5), outOn + " vs " + outOff);
		INDArray gOn = gradient(on, x, y), gOff = gradient(off, x, y);
		assertHelper(on.getLayer("conv1/conv"), "MKLDNNConvHelper");
		// Relative to the whole gradient: single elements of BatchNorm's backward pass can differ
		// more in float32 when two algorithms sum in another order.
		double relative = gOn.sub(gOff).norm2Number().doubleValue() / gOff.norm2Number().doubleValue();
		assertTrue(relative <= 1e-3, "gradients differ by " + relative + " of their norm");
	}

	private static INDArray gradient(ComputationGraph g, INDArray x, INDArray y) {
		g.setInputs(x);
		g.setLabels(y);
		g.computeGradientAndScore();
		return g.gradient().gradient().dup();
	}

	private static void assertHelper(Layer l, String expected) {
		Object helper;
		try {
			helper = l.getClass().getMethod("getHelper").invoke(l);
		} catch (ReflectiveOperationException e) {
			throw new AssertionError(e);
		}
		assertNotNull(helper, "no helper on " + l.conf().getLayer().getLayerName());
		assertEquals(expected, helper.getClass().getSimpleName());
	}
}
