package io.github.bonefracture.export;

import io.github.bonefracture.engine.ModelMetadata;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A model's metadata as it may leave the machine it was trained on: every
 * local path (the training folder, a weights or group file, often a
 * hospital's share) cut to its last name. The dataset stays identified by
 * its file-list hash.
 */
final class SharedMetadata {
	/** A path a user's machine would have: /..., ~/..., C:\... or \\server\... */
	private static final Pattern LOCAL = Pattern.compile("^(/|~/|[A-Za-z]:[\\\\/]|\\\\\\\\).*");

	private SharedMetadata() {}

	static JsonObject of(ModelMetadata meta) {
		JsonObject o = new GsonBuilder().serializeSpecialFloatingPointValues().create().toJsonTree(meta).getAsJsonObject();
		return (JsonObject) strip(o);
	}

	static String json(ModelMetadata meta) {
		return new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(of(meta));
	}

	/** The JSON with every local path cut to its last name. */
	static JsonElement strip(JsonElement e) {
		if (e.isJsonObject()) {
			JsonObject out = new JsonObject();
			for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) out.add(m.getKey(), strip(m.getValue()));
			return out;
		}
		if (e.isJsonArray()) {
			JsonArray out = new JsonArray();
			for (JsonElement x : e.getAsJsonArray()) out.add(strip(x));
			return out;
		}
		if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && LOCAL.matcher(e.getAsString()).matches()) {
			String s = e.getAsString().replace('\\', '/');
			while (s.endsWith("/") && s.length() > 1) s = s.substring(0, s.length() - 1);
			return new JsonPrimitive(s.substring(s.lastIndexOf('/') + 1));
		}
		return e;
	}
}
