package io.github.bonefracture.backend.choice;

import io.github.bonefracture.backend.Backend;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.backend.dl4j.Dl4jBackend;
import io.github.bonefracture.backend.onednn.OneDnnBackend;

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

	/** The choices of the option backend, in the order the faces list them. */
	public static final java.util.List<String> CHOICES = java.util.List.of("auto", "onednn", "dl4j");

	/** DL4J's graph for everything: the reference path. */
	public static Backend dl4j() {
		return new Dl4jBackend();
	}

	/** oneDNN for DenseNet (DL4J for other networks); refuses where oneDNN cannot run, saying why. */
	public static Backend onednn() {
		OneDnnBackend.unavailableReason().ifPresent(why -> {
			throw new InvalidInputException("The oneDNN backend cannot run here (" + why + "); choose backend dl4j or auto");
		});
		return OneDnnBackend.over(dl4j());
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
				java.util.Optional<String> why = OneDnnBackend.unavailableReason();
				if (why.isEmpty()) return OneDnnBackend.over(dl4j());
				progress.warn("oneDNN cannot run here (" + why.get() + "): DL4J computes (slower)");
				return dl4j();
			}
			default: throw new InvalidInputException("Unknown backend '" + choice + "': use " + String.join(", ", CHOICES.subList(0, CHOICES.size() - 1)) + " or " + CHOICES.get(CHOICES.size() - 1));
		}
	}

	/** oneDNN's float matrix product rate in GFLOP/s (n x n, best of reps): the bench's yardstick of the machine. */
	public static double matmulGflops(int n, int reps) {
		return io.github.bonefracture.backend.onednn.OneDnnMatmul.gflops(n, reps);
	}
}
