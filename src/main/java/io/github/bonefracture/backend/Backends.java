package io.github.bonefracture.backend;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.nets.ActivationRanges;
import io.github.bonefracture.nets.OneDnnDenseNet;

import org.deeplearning4j.nn.graph.ComputationGraph;

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

	/**
	 * Why 8-bit integer inference of g cannot run on top of b with these
	 * ranges (then float runs), or null when it can: it needs the oneDNN
	 * backend, a DenseNet, a calibration that covers it (model files made by
	 * Train Model carry one) and a CPU with AVX2 or newer, where oneDNN's
	 * int8 kernels are compiled (without them it would use slow reference
	 * code).
	 */
	public static String int8Refusal(Backend b, ComputationGraph g, ActivationRanges ranges) {
		if (!(b instanceof OneDnnBackend)) return "the " + b.name() + " backend computes in float only (choose backend onednn or auto)";
		if (!OneDnnDenseNet.isDenseNet(g)) return "this model is no DenseNet";
		if (ranges == null) return "this model file has no int8 calibration (models trained before int8 existed; train it again)";
		String problem = OneDnnDenseNet.int8Problem(g, ranges);
		if (problem != null) return "this model's int8 calibration does not fit its network (" + problem + ")";
		if (!OneDnnDenseNet.int8Native()) return "this CPU has no AVX2, which oneDNN's int8 convolutions need";
		return null;
	}

	/** b's int8 inference in these ranges; ask {@link #int8Refusal} first. */
	public static Backend int8(Backend b, ActivationRanges ranges) {
		return new Int8Backend(b, ranges);
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
