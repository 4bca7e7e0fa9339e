package io.github.bonefracture.backend;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.nets.OneDnnDenseNet;

import java.util.Locale;

/**
 * The one place that decides which backend computes: the user's choice
 * (the option {@code backend}: auto, onednn or dl4j; or, when that says
 * auto, the JVM option {@code -Dbonefracture.backend=...} or the earlier
 * {@code -Dbonefracture.onednn=false}), and for auto a probe that oneDNN's
 * library loads and can build every primitive it needs on this CPU, run
 * once here.
 */
public final class Backends {

	public static final String PROPERTY = "bonefracture.backend";
	/** The switch of earlier releases: "false" meant DL4J. */
	static final String LEGACY_PROPERTY = "bonefracture.onednn";

	private Backends() {}

	/** DL4J's graph for everything: the reference path. */
	public static Backend dl4j() {
		return new Dl4jBackend();
	}

	/** oneDNN for DenseNet (DL4J for other networks); refuses where oneDNN cannot run, saying why. */
	public static Backend onednn() {
		String why = OneDnnDenseNet.unavailableReason();
		if (why != null) throw new InvalidInputException("The oneDNN backend cannot run here (" + why + "); choose backend dl4j or auto");
		return new OneDnnBackend(dl4j());
	}

	/** The backend for a choice of auto, onednn or dl4j (null: auto); a fallback from auto is said on progress. */
	public static Backend choose(String choice, Progress progress) {
		String c = choice == null || choice.isBlank() ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
		if (c.equals("auto")) {
			String p = System.getProperty(PROPERTY);
			if (p != null && !p.isBlank()) c = p.trim().toLowerCase(Locale.ROOT);
			else if ("false".equalsIgnoreCase(System.getProperty(LEGACY_PROPERTY))) c = "dl4j";
		}
		switch (c) {
			case "dl4j": return dl4j();
			case "onednn": return onednn();
			case "auto": {
				String why = OneDnnDenseNet.unavailableReason();
				if (why == null) return new OneDnnBackend(dl4j());
				progress.warn("oneDNN cannot run here (" + why + "): DL4J computes (slower)");
				return dl4j();
			}
			default: throw new InvalidInputException("Unknown backend '" + choice + "': use auto, onednn or dl4j");
		}
	}
}
