package io.github.bonefracture.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded stratified splits: each class is shuffled with the seed and dealt
 * out, so every part keeps the class balance of the whole.
 */
public final class Splits {

	private Splits() {}

	/** Fold number (0..k-1) of each sample. */
	public static int[] stratifiedFolds(int[] targets, int k, long seed) {
		if (k < 2) throw new io.github.bonefracture.core.InvalidInputException("k-fold needs k of at least 2, got " + k);
		int[] fold = new int[targets.length];
		Random rng = new Random(seed);
		int offset = 0;
		for (int cls : new int[] {0, 1}) {
			List<Integer> idx = indicesOf(targets, cls);
			if (idx.size() < k)
				throw new io.github.bonefracture.core.InvalidInputException("k-fold with k=" + k + " needs at least " + k
					+ " images of each class; class " + (cls == 1 ? "Fracture" : "Normal") + " has " + idx.size());
			Collections.shuffle(idx, rng);
			// Continue dealing where the previous class stopped, so fold sizes differ by at most one.
			for (int j = 0; j < idx.size(); j++) fold[idx.get(j)] = (offset + j) % k;
			offset = (offset + idx.size()) % k;
		}
		return fold;
	}

	/** {train, validation} indices; validation takes about fraction of each class. */
	public static int[][] stratifiedHoldout(int[] targets, double fraction, long seed) {
		List<Integer> train = new ArrayList<>(), val = new ArrayList<>();
		Random rng = new Random(seed);
		for (int cls : new int[] {0, 1}) {
			List<Integer> idx = indicesOf(targets, cls);
			Collections.shuffle(idx, rng);
			int nVal = (int) Math.round(idx.size() * fraction);
			if (fraction > 0 && nVal == 0 && idx.size() > 1) nVal = 1;
			val.addAll(idx.subList(0, nVal));
			train.addAll(idx.subList(nVal, idx.size()));
		}
		return new int[][] {sorted(train), sorted(val)};
	}

	public static int[] where(int[] fold, int f, boolean equal) {
		return Arrays.stream(java.util.stream.IntStream.range(0, fold.length).toArray()).filter(i -> (fold[i] == f) == equal).toArray();
	}

	static List<Integer> indicesOf(int[] targets, int cls) {
		List<Integer> l = new ArrayList<>();
		for (int i = 0; i < targets.length; i++) if (targets[i] == cls) l.add(i);
		return l;
	}

	private static int[] sorted(List<Integer> l) {
		return l.stream().mapToInt(Integer::intValue).sorted().toArray();
	}
}
