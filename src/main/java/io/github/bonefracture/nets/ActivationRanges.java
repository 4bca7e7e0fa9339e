package io.github.bonefracture.nets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What int8 inference needs from calibration: for each BatchNorm+ReLU output
 * that feeds a convolution, the largest value seen on the calibration
 * images. The output is then held as unsigned 8-bit integers in steps of
 * range / 255. Stored in a model file's metadata.
 */
public final class ActivationRanges {

	/** How a range was taken from the values seen; "max" is the only rule so far. */
	public static final String MAX = "max";

	/** Images the ranges were measured on. */
	public int images;
	public String rule = MAX;
	/** Largest value by BatchNorm layer name. */
	public Map<String, Float> ranges = new LinkedHashMap<>();

	/** For JSON. */
	public ActivationRanges() {}

	ActivationRanges(int images, Map<String, Float> ranges) {
		this.images = images;
		this.ranges = new LinkedHashMap<>(ranges);
	}

	/**
	 * Why these ranges cannot quantize a network of this shape (a layer
	 * without a range, a range that is not a finite non-negative number), or
	 * null when they can.
	 */
	public String problemFor(DenseNetSpec spec) {
		if (!MAX.equals(rule)) return "the calibration rule '" + rule + "' is unknown";
		List<String> missing = new ArrayList<>();
		for (String bn : spec.quantizedOutputs()) {
			Float r = ranges == null ? null : ranges.get(bn);
			if (r == null) missing.add(bn);
			else if (!Float.isFinite(r) || r < 0) return "layer " + bn + " has an invalid range " + r;
		}
		if (missing.isEmpty()) return null;
		return missing.size() + " layers have no range (" + missing.get(0) + (missing.size() > 1 ? ", ..." : "") + ")";
	}

	/** The value of one 8-bit step of a layer's output (1 where the output was always 0). */
	float step(String bnLayer) {
		Float r = ranges.get(bnLayer);
		if (r == null) throw new IllegalArgumentException("no int8 range for layer " + bnLayer);
		return r > 0 ? r / 255f : 1f;
	}
}
