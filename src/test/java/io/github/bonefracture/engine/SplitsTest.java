package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Folds and validation splits that keep a patient's images together. */
class SplitsTest {

	/** 40 patients with 2 images each, as on a MURA-layout tree; patient p is Fracture when p is odd, and patient 7 has one of each. */
	static String[] groups = new String[80];
	static int[] targets = new int[80];

	static {
		for (int i = 0; i < 80; i++) {
			groups[i] = "patient" + (i / 2);
			targets[i] = (i / 2) % 2;
		}
		targets[14] = 0;
		targets[15] = 1;
	}

	@Test
	void noPatientIsInTwoFoldsAndClassesStayBalanced() {
		for (long seed : new long[] {1, 42, 7}) {
			int[] fold = Splits.groupedFolds(targets, groups, 10, seed);
			Map<String, Integer> foldOf = new HashMap<>();
			for (int i = 0; i < 80; i++) {
				Integer before = foldOf.putIfAbsent(groups[i], fold[i]);
				assertTrue(before == null || before == fold[i], groups[i] + " is in folds " + before + " and " + fold[i]);
			}
			int[][] count = new int[10][2];
			for (int i = 0; i < 80; i++) count[fold[i]][targets[i]]++;
			for (int f = 0; f < 10; f++) {
				assertTrue(count[f][0] >= 2 && count[f][0] <= 6 && count[f][1] >= 2 && count[f][1] <= 6,
					"fold " + f + " has " + count[f][0] + " Normal and " + count[f][1] + " Fracture");
			}
			assertArrayEquals(fold, Splits.groupedFolds(targets, groups, 10, seed), "the same seed gives the same folds");
		}
		assertFalse(java.util.Arrays.equals(Splits.groupedFolds(targets, groups, 10, 1), Splits.groupedFolds(targets, groups, 10, 2)));
	}

	@Test
	void withoutGroupsTheFoldsAreTheStratifiedOnes() {
		String[] own = new String[80];
		for (int i = 0; i < 80; i++) own[i] = "image" + i;
		assertArrayEquals(Splits.stratifiedFolds(targets, 10, 42), Splits.groupedFolds(targets, own, 10, 42));
		assertArrayEquals(Splits.stratifiedHoldout(targets, 0.2, 123)[1], Splits.groupedHoldout(targets, own, 0.2, 123)[1]);
	}

	@Test
	void theValidationSplitKeepsPatientsWholeToo() {
		int[][] split = Splits.groupedHoldout(targets, groups, 0.2, 123);
		java.util.Set<String> train = new java.util.HashSet<>(), val = new java.util.HashSet<>();
		for (int i : split[0]) train.add(groups[i]);
		for (int i : split[1]) val.add(groups[i]);
		train.retainAll(val);
		assertEquals(java.util.Set.of(), train, "patients on both sides");
		assertTrue(split[1].length >= 12 && split[1].length <= 20, "about a fifth held out: " + split[1].length);
		assertEquals(80, split[0].length + split[1].length);
	}

	@Test
	void tooFewPatientsForKFoldsIsRefused() {
		String[] two = new String[80];
		for (int i = 0; i < 80; i++) two[i] = "patient" + (i % 3);
		var e = assertThrows(io.github.bonefracture.core.InvalidInputException.class, () -> Splits.groupedFolds(targets, two, 10, 1));
		assertTrue(e.getMessage().contains("3"), e.getMessage());
	}
}
