package io.github.bonefracture.core;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;

/**
 * JSON for the reports this tool writes (evaluation.json, summary.json):
 * always valid JSON, so a figure that cannot be computed (NaN, infinite) is
 * null, and each report says once what a null figure means.
 */
public final class ReportJson {
	private ReportJson() {}

	/** The key, and its text, that every report carries. */
	public static final String NULL_KEY = "nullMeans";
	public static final String NULL_MEANS = "a figure these images cannot give (for example an AUC or a sensitivity on one class only, "
		+ "or an interval from too few images) is null";

	public static Gson gson() {
		JsonSerializer<Double> finiteOrNull = (v, type, context) -> v == null || !Double.isFinite(v) ? JsonNull.INSTANCE : new JsonPrimitive(v);
		return new GsonBuilder().setPrettyPrinting().serializeNulls()
			.registerTypeAdapter(Double.class, finiteOrNull).registerTypeAdapter(double.class, finiteOrNull).create();
	}
}
