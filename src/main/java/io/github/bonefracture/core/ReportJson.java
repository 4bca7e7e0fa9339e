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

	/** A number as JSON has it: a finite value, or null for NaN and the infinities (RFC 8259 has neither). */
	public static final JsonSerializer<Double> FINITE_OR_NULL =
		(v, type, context) -> v == null || !Double.isFinite(v) ? JsonNull.INSTANCE : new JsonPrimitive(v);

	public static Gson gson() {
		return new GsonBuilder().setPrettyPrinting().serializeNulls()
			.registerTypeAdapter(Double.class, FINITE_OR_NULL).registerTypeAdapter(double.class, FINITE_OR_NULL).create();
	}
}
