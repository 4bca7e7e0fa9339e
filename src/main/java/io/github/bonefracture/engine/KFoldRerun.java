package io.github.bonefracture.engine;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.backend.Backend;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A k-fold run again from its summary.json: the same k, fold seed, repeats
 * and each architecture's settings, on a dataset that must hash the same, so
 * the folds are the same folds.
 */
public final class KFoldRerun {
	public final int k;
	public final long foldSeed;
	public final int repeats;
	public final List<TrainingConfig> configs;
	private final String datasetHash;
	private final Path summary;

	private KFoldRerun(Path summary, int k, long foldSeed, int repeats, List<TrainingConfig> configs, String datasetHash) {
		this.summary = summary;
		this.k = k;
		this.foldSeed = foldSeed;
		this.repeats = repeats;
		this.configs = configs;
		this.datasetHash = datasetHash;
	}

	public static KFoldRerun read(Path summary) {
		try {
			JsonArray all = JsonParser.parseString(Files.readString(summary)).getAsJsonArray();
			if (all.size() == 0) throw new InvalidInputException("K-fold summary " + summary + " lists no run");
			JsonObject run = all.get(0).getAsJsonObject().getAsJsonObject("run");
			if (run == null) throw new InvalidInputException("K-fold summary " + summary + " is from a release that did not record its run; re-run with its options");
			List<TrainingConfig> configs = new ArrayList<>();
			// Repeats are numbered from 1 (from 0 in summaries of earlier releases): the settings are those of the first.
			int first = Integer.MAX_VALUE;
			for (JsonElement e : all) first = Math.min(first, e.getAsJsonObject().get("repeat").getAsInt());
			for (JsonElement e : all) {
				JsonObject o = e.getAsJsonObject();
				if (o.get("repeat").getAsInt() != first) continue;
				configs.add(TrainingConfig.fromJson(new Gson().toJson(o.get("training"))));
			}
			return new KFoldRerun(summary, run.get("k").getAsInt(), run.get("foldSeed").getAsLong(), run.get("repeats").getAsInt(), configs,
				run.get("datasetFileListSha256").getAsString());
		} catch (IOException e) {
			throw new InvalidInputException("K-fold summary " + summary + " cannot be read: " + e.getMessage(), e);
		} catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
			throw new InvalidInputException("K-fold summary " + summary + " is not a summary.json of K-Fold Evaluate (" + e.getMessage() + ")", e);
		}
	}

	/** The run again on datasetDir, refused when its file list differs from the recorded run's. */
	public List<KFoldResult> run(Path datasetDir, Backend backend, Progress progress, Path outDir) {
		String now = new io.github.bonefracture.data.DatasetScanner(null, false, configs.get(0).maxPixels()).scan(datasetDir, Progress.NONE).fileListHash();
		if (!now.equals(datasetHash))
			throw new InvalidInputException("Dataset " + datasetDir + " differs from the one " + summary + " was run on (its file list hashes "
				+ now + ", the run's " + datasetHash + "): the folds would not be the same");
		return new KFoldEvaluator(k, foldSeed, repeats, backend, progress).run(datasetDir, configs, outDir);
	}
}
