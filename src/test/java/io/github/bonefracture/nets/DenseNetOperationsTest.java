package io.github.bonefracture.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The operation count the benchmark divides by, against published and hand-computed figures. */
class DenseNetOperationsTest {

	private static final DenseNetSpec DENSENET121 = new DenseNetSpec(new int[] {6, 12, 24, 16}, 32, 64, 3);

	/** torchvision's model table gives DenseNet121 2.83 GFLOPS at 224 px, counting multiply-adds (its docs, models/densenet). */
	@Test
	void denseNet121At224IsTorchvisionsFigure() {
		assertEquals(2.83e9, DenseNetOperations.multiplyAdds(DENSENET121, 224, false), 0.005e9);
	}

	/**
	 * Pooling first saves three quarters of each transition's 1x1
	 * convolution: at 224 px the three run on 56, 28 and 14 px maps, from
	 * 256, 512 and 1024 channels to half as many.
	 */
	@Test
	void poolingFirstSavesThreeQuartersOfTheTransitions() {
		double transitions = 56.0 * 56 * 256 * 128 + 28.0 * 28 * 512 * 256 + 14.0 * 14 * 1024 * 512;
		double keras = DenseNetOperations.multiplyAdds(DENSENET121, 224, false);
		assertEquals(keras - 0.75 * transitions, DenseNetOperations.multiplyAdds(DENSENET121, 224, true), 1);
	}
}
