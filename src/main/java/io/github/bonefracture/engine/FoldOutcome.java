package io.github.bonefracture.engine;

import io.github.bonefracture.core.InvalidInputException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.io.Serializable;

/**
 * What one trained fold hands back: its test images' P(fracture), raw and
 * calibrated, and the decision learned on its inner validation split. Plain
 * data, so a fold can train on another machine; the figures are computed
 * from it where the folds are gathered.
 */
public final class FoldOutcome implements Serializable {
	private static final long serialVersionUID = 1L;

	/** The test images' indices in dataset order. */
	final int[] testIdx;
	final double[] p;
	final double[] calibrated;
	final double threshold;
	/** The threshold's bootstrap interval (NaN in outcomes stored by earlier versions). */
	final double thresholdLow;
	final double thresholdHigh;
	final String rule;
	final Calibration.Method calibrationMethod;
	final double calibrationA;
	final double calibrationB;
	/** Why the calibration asked for was dropped, or null. */
	final String calibrationDropped;
	/** The AUC of the held-out training images' predictions the decision was learned on. */
	final double heldOutAuc;
	final int validationImages;
	/** The images the fold's own image generator learned from, or null (no synthetic images, or a generator file). */
	final String[] generatorImages;
	/** The inner validation images' conformal scores, ascending (empty: none held out, or stored by an earlier version). */
	final double[] conformalScores;
	/** What trained the fold where it trained (Backend.record: backend, instruction set, threads); empty when stored by an earlier version. */
	final java.util.LinkedHashMap<String, String> computedWith;

	FoldOutcome(int[] testIdx, double[] p, double[] calibrated, Decision d, int validationImages, String[] generatorImages, double[] conformalScores,
		java.util.Map<String, String> computedWith) {
		this.testIdx = testIdx;
		this.p = p;
		this.calibrated = calibrated;
		this.threshold = d.threshold;
		this.thresholdLow = d.thresholdLow;
		this.thresholdHigh = d.thresholdHigh;
		this.rule = d.rule;
		this.calibrationMethod = d.calibration.method;
		this.calibrationA = d.calibration.a;
		this.calibrationB = d.calibration.b;
		this.calibrationDropped = d.calibration.dropped;
		this.heldOutAuc = d.heldOutAuc;
		this.validationImages = validationImages;
		this.generatorImages = generatorImages;
		this.conformalScores = conformalScores;
		this.computedWith = new java.util.LinkedHashMap<>(computedWith);
	}

	Decision decision() {
		Decision d = new Decision(new Calibration(calibrationMethod, calibrationA, calibrationB, calibrationDropped), threshold, thresholdLow, thresholdHigh, rule,
			java.util.Map.of());
		d.heldOutAuc = heldOutAuc;
		return d;
	}

	/** The test images' P(fracture) before calibration, in the order of their indices. */
	public double[] probabilities() {
		return p.clone();
	}

	public int[] testIndices() {
		return testIdx.clone();
	}

	/** As JSON, every number exactly (a double's shortest decimal reads back to the same bits; a non-finite one as a string). */
	public String toJson() {
		JsonObject o = new JsonObject();
		JsonArray idx = new JsonArray();
		for (int i : testIdx) idx.add(i);
		o.add("testIndices", idx);
		o.add("p", numbers(p));
		o.add("calibrated", numbers(calibrated));
		o.add("threshold", number(threshold));
		o.add("thresholdLow", number(thresholdLow));
		o.add("thresholdHigh", number(thresholdHigh));
		o.addProperty("rule", rule);
		if (calibrationDropped != null) o.addProperty("calibrationDropped", calibrationDropped);
		o.add("heldOutAuc", number(heldOutAuc));
		o.addProperty("calibrationMethod", calibrationMethod.name());
		o.add("calibrationA", number(calibrationA));
		o.add("calibrationB", number(calibrationB));
		o.addProperty("validationImages", validationImages);
		o.add("conformalScores", numbers(conformalScores));
		JsonObject with = new JsonObject();
		computedWith.forEach(with::addProperty);
		o.add("computedWith", with);
		if (generatorImages != null) {
			JsonArray g = new JsonArray();
			for (String s : generatorImages) g.add(s);
			o.add("generatorImages", g);
		}
		return o.toString();
	}

	/** Reads what {@link #toJson()} wrote; anything else is refused with the reason, naming source. */
	public static FoldOutcome fromJson(String json, String source) {
		try {
			JsonObject o = JsonParser.parseString(json).getAsJsonObject();
			JsonArray idx = o.getAsJsonArray("testIndices");
			int[] testIdx = new int[idx.size()];
			for (int i = 0; i < testIdx.length; i++) testIdx[i] = idx.get(i).getAsInt();
			double[] p = doubles(o.getAsJsonArray("p")), calibrated = doubles(o.getAsJsonArray("calibrated"));
			if (p.length != testIdx.length || calibrated.length != testIdx.length)
				throw new IllegalStateException(testIdx.length + " test images but " + p.length + " and " + calibrated.length + " probabilities");
			String[] generator = null;
			if (o.has("generatorImages")) {
				JsonArray g = o.getAsJsonArray("generatorImages");
				generator = new String[g.size()];
				for (int i = 0; i < generator.length; i++) generator[i] = g.get(i).getAsString();
			}
			Calibration c = new Calibration(Calibration.Method.valueOf(o.get("calibrationMethod").getAsString()),
				o.get("calibrationA").getAsDouble(), o.get("calibrationB").getAsDouble(),
				o.has("calibrationDropped") ? o.get("calibrationDropped").getAsString() : null);
			double low = o.has("thresholdLow") ? o.get("thresholdLow").getAsDouble() : Double.NaN;
			double high = o.has("thresholdHigh") ? o.get("thresholdHigh").getAsDouble() : Double.NaN;
			Decision d = new Decision(c, o.get("threshold").getAsDouble(), low, high, o.get("rule").getAsString(), java.util.Map.of());
			d.heldOutAuc = o.has("heldOutAuc") ? o.get("heldOutAuc").getAsDouble() : Double.NaN;
			double[] scores = o.has("conformalScores") ? doubles(o.getAsJsonArray("conformalScores")) : new double[0];
			java.util.Map<String, String> with = new java.util.LinkedHashMap<>();
			if (o.has("computedWith")) o.getAsJsonObject("computedWith").entrySet().forEach(e -> with.put(e.getKey(), e.getValue().getAsString()));
			return new FoldOutcome(testIdx, p, calibrated, d, o.get("validationImages").getAsInt(), generator, scores, with);
		} catch (RuntimeException e) {
			throw new InvalidInputException("Not a stored fold outcome: " + source + " (" + e.getMessage() + ")");
		}
	}

	private static JsonArray numbers(double[] v) {
		JsonArray a = new JsonArray();
		for (double x : v) a.add(number(x));
		return a;
	}

	private static JsonElement number(double x) {
		return Double.isFinite(x) ? new JsonPrimitive(x) : new JsonPrimitive(Double.toString(x));
	}

	private static double[] doubles(JsonArray a) {
		double[] v = new double[a.size()];
		for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsDouble();
		return v;
	}
}
