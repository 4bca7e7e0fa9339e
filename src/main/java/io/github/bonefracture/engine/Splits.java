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

	/**
	 * Fold number of each sample with every group (a patient) in one fold:
	 * when every sample is its own group, exactly {@link #stratifiedFolds};
	 * otherwise groups are shuffled with the seed, taken largest first, and
	 * each goes to the fold whose class counts it brings closest to an even
	 * share (ties: the smaller fold, then the lower number), so classes stay
	 * as balanced as the groups allow.
	 */
	public static int[] groupedFolds(int[] targets, String[] groups, int k, long seed) {
		List<List<Integer>> byGroup = groupsOf(groups);
		if (byGroup.size() == targets.length) return stratifiedFolds(targets, k, seed);
		if (byGroup.size() < k)
			throw new io.github.bonefracture.core.InvalidInputException("k-fold with k=" + k + " needs at least " + k + " patients (groups); there are " + byGroup.size());
		Collections.shuffle(byGroup, new Random(seed));
		byGroup.sort((a, b) -> Integer.compare(b.size(), a.size()));
		int[] total = new int[2];
		for (int t : targets) total[t]++;
		int[][] count = new int[k][2];
		int[] fold = new int[targets.length];
		for (List<Integer> g : byGroup) {
			int[] add = new int[2];
			for (int i : g) add[targets[i]]++;
			int best = -1;
			double bestCost = Double.POSITIVE_INFINITY;
			for (int f = 0; f < k; f++) {
				double cost = 0;
				for (int c = 0; c < 2; c++) {
					double share = total[c] / (double) k;
					double after = count[f][c] + add[c];
					cost += (after - share) * (after - share) - (count[f][c] - share) * (count[f][c] - share);
				}
				int size = count[f][0] + count[f][1];
				if (cost < bestCost - 1e-12 || (Math.abs(cost - bestCost) <= 1e-12 && size < count[best][0] + count[best][1])) {
					best = f;
					bestCost = cost;
				}
			}
			for (int i : g) fold[i] = best;
			count[best][0] += add[0];
			count[best][1] += add[1];
		}
		for (int f = 0; f < k; f++)
			if (count[f][0] == 0 || count[f][1] == 0)
				throw new io.github.bonefracture.core.InvalidInputException("k-fold with k=" + k + " cannot give every fold both classes with whole patients kept together; use fewer folds");
		return fold;
	}

	/**
	 * {train, validation} indices with whole groups on each side: exactly
	 * {@link #stratifiedHoldout} when every sample is its own group; else
	 * groups (shuffled with the seed) go to validation until each class has
	 * about fraction of its samples there.
	 */
	public static int[][] groupedHoldout(int[] targets, String[] groups, double fraction, long seed) {
		List<List<Integer>> byGroup = groupsOf(groups);
		if (byGroup.size() == targets.length) return stratifiedHoldout(targets, fraction, seed);
		Collections.shuffle(byGroup, new Random(seed));
		int[] total = new int[2], inVal = new int[2];
		for (int t : targets) total[t]++;
		List<Integer> train = new ArrayList<>(), val = new ArrayList<>();
		for (List<Integer> g : byGroup) {
			int[] add = new int[2];
			for (int i : g) add[targets[i]]++;
			boolean fits = true;
			for (int c = 0; c < 2; c++) if (add[c] > 0 && inVal[c] + add[c] > Math.max(1, Math.round(total[c] * fraction))) fits = false;
			if (fraction > 0 && fits) {
				val.addAll(g);
				inVal[0] += add[0];
				inVal[1] += add[1];
			} else {
				train.addAll(g);
			}
		}
		return new int[][] {sorted(train), sorted(val)};
	}

	/** Sample indices per group, groups in order of first appearance. */
	static List<List<Integer>> groupsOf(String[] groups) {
		java.util.Map<String, List<Integer>> m = new java.util.LinkedHashMap<>();
		for (int i = 0; i < groups.length; i++) m.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(i);
		return new ArrayList<>(m.values());
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
