package io.github.bonefracture.engine;

import io.github.bonefracture.data.Label;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Split conformal prediction: the nonconformity score of a held-out image
 * is 1 - P(its true class), P calibrated as the model answers. For an error
 * rate alpha, a new image's prediction set holds each class whose score
 * would be within the ceil((n + 1)(1 - alpha))-th smallest held-out score:
 * over exchangeable images the set misses the true class at most a share
 * alpha of the time. {Fracture} or {Normal} is an answer; both (or neither)
 * is "uncertain".
 */
public final class ConformalSets {

	public static final String METHOD = "split conformal, score 1 - P(true class) on held-out images";

	public String method = METHOD;
	/** The held-out images' scores, ascending. */
	public double[] scores;

	/** From calibrated P(fracture) p of held-out images with targets y (1 = Fracture). */
	static ConformalSets fit(double[] p, int[] y) {
		ConformalSets c = new ConformalSets();
		c.scores = new double[p.length];
		for (int i = 0; i < p.length; i++) c.scores[i] = y[i] == 1 ? 1 - p[i] : p[i];
		Arrays.sort(c.scores);
		return c;
	}

	/** The score a class may reach and stay in the set; infinite when too few images were held out for this alpha. */
	public double quantile(double alpha) {
		int n = scores.length;
		int k = (int) Math.ceil((n + 1) * (1 - alpha));
		return k > n ? Double.POSITIVE_INFINITY : scores[Math.max(0, k - 1)];
	}

	/** The classes the image may be, at error rate alpha. */
	public Set<Label> set(double p, double alpha) {
		double q = quantile(alpha);
		Set<Label> s = EnumSet.noneOf(Label.class);
		if (1 - p <= q) s.add(Label.FRACTURE);
		if (p <= q) s.add(Label.NORMAL);
		return s;
	}

	/** The fewest held-out images that give a set narrower than both classes at alpha. */
	public static int needed(double alpha) {
		return (int) Math.ceil(1 / alpha) - 1;
	}

	/** What is wrong with sets read from a file; empty when nothing is. */
	Optional<String> damage() {
		if (scores == null) return Optional.of("it has no scores");
		for (int i = 0; i < scores.length; i++) {
			if (!(scores[i] >= 0 && scores[i] <= 1)) return Optional.of("a score " + scores[i] + " is outside [0, 1]");
			if (i > 0 && scores[i] < scores[i - 1]) return Optional.of("its scores are not in order");
		}
		return Optional.empty();
	}
}
