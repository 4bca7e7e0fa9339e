package io.github.bonefracture.nets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What int8 inference needs from calibration: for each BatchNorm+ReLU output
 * that feeds a convolution, the largest value seen on the calibration
 * images. The output is then held as unsigned 8-bit integers in steps of
 * range / 255. Files made since the QDQ export also hold, by convolution
 * layer, the largest magnitude of each concatenated convolution output
 * (dense layers' 3x3, transitions): the exported int8 graph holds those in
 * 8 bits too, which the oneDNN plan keeps in float. Stored in a model
 * file's metadata.
 */
public final class ActivationRanges {

	/** How a range was taken from the values seen; "max" is the only rule so far. */
	public static final String MAX = "max";

	/** Images the ranges were measured on. */
	public int images;
	public String rule = MAX;
	/** Largest value by BatchNorm layer name; largest magnitude by convolution layer name. */
	public Map<String, Float> ranges = new LinkedHashMap<>();

	/** For JSON. */
	public ActivationRanges() {}

	public ActivationRanges(int images, Map<String, Float> ranges) {
		this.images = images;
		this.ranges = new LinkedHashMap<>(ranges);
	}

	/**
	 * What is wrong with these ranges in themselves (no images, no ranges, an
	 * unknown rule, a value that is not a finite non-negative number), or null:
	 * the one check for a calibration read from a model file and one about to
	 * quantize a network.
	 */
	/** The largest activation range a model file may hold. */
	static final float MAX_RANGE = 1e6f;

	public Optional<String> damage() {
		if (!MAX.equals(rule)) return Optional.of("the calibration rule '" + rule + "' is unknown");
		if (images < 1 || ranges == null || ranges.isEmpty()) return Optional.of("no ranges or no images");
		for (Map.Entry<String, Float> e : ranges.entrySet()) {
			Float r = e.getValue();
			// A BatchNorm+ReLU output of a trained network reaches a few units to a few hundred, never 0 over a whole layer nor 1e6.
			if (r == null || !(r > 0 && r <= MAX_RANGE))
				return Optional.of("layer '" + e.getKey() + "' has range " + r + ", an invalid range (a number in (0, " + MAX_RANGE + "] expected)");
		}
		return Optional.empty();
	}

	/**
	 * Why these ranges cannot quantize a network of this shape (their
	 * {@link #damage}, a layer without a range); empty when they can.
	 */
	public Optional<String> problemFor(DenseNetSpec spec) {
		Optional<String> damage = damage();
		if (damage.isPresent()) return damage;
		List<String> missing = new ArrayList<>();
		for (String bn : spec.quantizedOutputs()) if (!ranges.containsKey(bn)) missing.add(bn);
		if (missing.isEmpty()) return Optional.empty();
		return Optional.of(missing.size() + " layers have no range (" + missing.get(0) + (missing.size() > 1 ? ", ..." : "") + ")");
	}

	/** The largest magnitude of a concatenated convolution's output, when measured (files made before the QDQ export have none). */
	public java.util.Optional<Float> outputRange(String convLayer) {
		return java.util.Optional.ofNullable(ranges.get(convLayer));
	}

	/** The value of one 8-bit step of a layer's output (1 where the output was always 0). */
	public float step(String bnLayer) {
		Float r = ranges.get(bnLayer);
		if (r == null) throw new IllegalArgumentException("no int8 range for layer " + bnLayer);
		return r > 0 ? r / 255f : 1f;
	}
}
