package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** Which arithmetic each asked precision takes, from what the CPU has and the model's stored accuracy checks. */
class PrecisionChoiceTest {

	static PrecisionCheck check(int images, double largestChange, int flips) {
		PrecisionCheck c = new PrecisionCheck();
		c.images = images;
		c.largestChange = largestChange;
		c.labelFlips = flips;
		return c;
	}

	static final String NO_BF16 = "this CPU has no native bfloat16 (AVX-512 BF16 or AMX)";

	@Test
	void autoTakesBfloat16FirstWhereNativeAndItsCheckPassed() {
		PrecisionChoice c = PrecisionChoice.of(Precision.AUTO, new PrecisionChoice.Here(null, null, true,
			Map.of("bfloat16", check(64, 0.004, 0), "int8", check(64, 0.002, 0)), true));
		assertEquals(Precision.BFLOAT16, c.taken);
		assertTrue(c.infos.get(0).startsWith("Arithmetic: bfloat16, chosen by auto"), c.infos.toString());
		assertTrue(c.infos.get(0).contains("on 64 calibration images P(fracture) moved at most 0.0040, 0 labels changed"), c.infos.toString());
		assertEquals(List.of(), c.warnings, "bfloat16 keeps the unlike-training-data flag");
	}

	@Test
	void autoPassesOverAFailedCheckAndSaysWhy() {
		PrecisionChoice c = PrecisionChoice.of(Precision.AUTO, new PrecisionChoice.Here(null, null, true,
			Map.of("bfloat16", check(64, 0.004, 1), "int8", check(64, 0.006, 0)), true));
		assertEquals(Precision.INT8, c.taken);
		assertTrue(c.infos.get(0).contains("not bfloat16: 1 of 64 calibration images changed label"), c.infos.toString());
		assertTrue(c.warnings.get(0).contains("no image is flagged as unlike the training data"), c.warnings.toString());
	}

	@Test
	void autoNeedsEightBitDotProductsForInt8() {
		PrecisionChoice c = PrecisionChoice.of(Precision.AUTO, new PrecisionChoice.Here(NO_BF16, null, false,
			Map.of("int8", check(64, 0.001, 0)), false));
		assertEquals(Precision.FLOAT, c.taken);
		assertTrue(c.infos.get(0).contains("not bfloat16: " + NO_BF16), c.infos.toString());
		assertTrue(c.infos.get(0).contains("not int8: this CPU has no 8-bit dot products (VNNI or AMX)"), c.infos.toString());
	}

	/** A check measured where 8-bit products add in 32 bits does not cover a CPU that adds pairs of them in 16. */
	@Test
	void explicitInt8SaysWhenTheCheckRanWithDotProductsThisCpuLacks() {
		PrecisionCheck vnni = check(64, 0.004, 0);
		vnni.instructionSet = "avx512_core_vnni";
		vnni.int8DotProducts = true;
		PrecisionChoice there = PrecisionChoice.of(Precision.INT8, new PrecisionChoice.Here(NO_BF16, null, false, Map.of("int8", vnni), false));
		assertEquals(Precision.INT8, there.taken);
		assertTrue(there.warnings.get(0).contains("(avx512_core_vnni); this CPU has no 8-bit dot products"), there.warnings.toString());
		assertEquals(List.of(), PrecisionChoice.of(Precision.INT8, new PrecisionChoice.Here(NO_BF16, null, true, Map.of("int8", vnni), false)).warnings,
			"a CPU with dot products computes what the check measured");
		PrecisionCheck avx2 = check(64, 0.004, 0);
		avx2.instructionSet = "avx2";
		avx2.int8DotProducts = false;
		assertEquals(List.of(), PrecisionChoice.of(Precision.INT8, new PrecisionChoice.Here(NO_BF16, null, false, Map.of("int8", avx2), false)).warnings,
			"a check measured on a CPU like this one covers its arithmetic");
	}

	@Test
	void autoKeepsFloatForAFileWithoutChecks() {
		PrecisionChoice c = PrecisionChoice.of(Precision.AUTO, new PrecisionChoice.Here(null, null, true, null, false));
		assertEquals(Precision.FLOAT, c.taken);
		assertTrue(c.infos.get(0).startsWith("Arithmetic: float, chosen by auto; not bfloat16: this model file holds no accuracy check"), c.infos.toString());
		assertEquals(List.of(), c.warnings);
	}

	/** The limit is the issue's: |delta P| at most 0.01 passes, anything above fails, as does a check of no images. */
	@Test
	void theCheckPassesAtMostOneHundredthAndNoFlip() {
		assertTrue(check(10, 0.01, 0).passed());
		assertFalse(check(10, Math.nextUp(0.01), 0).passed());
		assertFalse(check(10, 0.0, 1).passed());
		assertFalse(check(0, 0.0, 0).passed());
		assertFalse(check(10, Double.NaN, 0).passed());
		PrecisionChoice c = PrecisionChoice.of(Precision.AUTO, new PrecisionChoice.Here(null, null, true,
			Map.of("bfloat16", check(10, 0.02, 0)), false));
		assertEquals(Precision.FLOAT, c.taken);
		assertTrue(c.infos.get(0).contains("P(fracture) moved up to 0.0200 on its calibration images (at most 0.01 accepted)"), c.infos.toString());
	}

	/** Asked by name, a precision runs where it can even when its check failed, with a warning; where it cannot, float with the reason. */
	@Test
	void anExplicitPrecisionRunsWhereItCanAndWarns() {
		PrecisionChoice failed = PrecisionChoice.of(Precision.INT8, new PrecisionChoice.Here(null, null, false,
			Map.of("int8", check(64, 0.03, 2)), false));
		assertEquals(Precision.INT8, failed.taken);
		assertTrue(failed.warnings.get(0).startsWith("int8: this model's stored accuracy check did not pass (2 of 64"), failed.warnings.toString());
		PrecisionChoice refused = PrecisionChoice.of(Precision.BFLOAT16, new PrecisionChoice.Here(NO_BF16, null, true, Map.of(), false));
		assertEquals(Precision.FLOAT, refused.taken);
		assertEquals(List.of("bfloat16 asked for, but " + NO_BF16 + ": computing in float"), refused.warnings);
		PrecisionChoice plain = PrecisionChoice.of(Precision.FLOAT, new PrecisionChoice.Here(null, null, true, Map.of(), true));
		assertEquals(Precision.FLOAT, plain.taken);
		assertEquals(List.of(), plain.infos, "float asked: nothing to say");
	}
}
