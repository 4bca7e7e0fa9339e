package io.github.bonefracture.bench;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's figures and ratios, one value per round, summed up by
 * their median and range: on a shared machine a single round's ratio moves
 * by a tenth or more, and the median of rounds taken in turn with the peers
 * says more than any one of them.
 */
final class RoundFigures {
	private final Map<String, DescriptiveStatistics> series = new LinkedHashMap<>();

	/** Adds a round's value to the named series; returns it, for printing. */
	double add(String name, double value) {
		series.computeIfAbsent(name, k -> new DescriptiveStatistics()).addValue(value);
		return value;
	}

	/** The series' median (the mean of the middle two for an even count); NaN for a name never added. */
	double median(String name) {
		DescriptiveStatistics s = series.get(name);
		return s == null ? Double.NaN : s.getPercentile(50);
	}

	void print(PrintStream out) {
		for (Map.Entry<String, DescriptiveStatistics> e : series.entrySet()) {
			DescriptiveStatistics s = e.getValue();
			out.printf(Locale.ROOT, "median of %d rounds, %s: %.2f (range %.2f-%.2f)%n", s.getN(), e.getKey(), median(e.getKey()), s.getMin(), s.getMax());
		}
	}
}
