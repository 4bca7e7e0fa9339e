package io.github.bonefracture.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic detection takes for the precision asked, on this CPU and
 * backend, for this model; and what the user is told: the precision taken
 * (info, when anything but float was asked) and every fallback (warning).
 * An explicit bfloat16 or int8 runs where it can even when the model's
 * accuracy check failed (with a warning); auto needs the check to have passed.
 */
public final class PrecisionChoice {
	public final Precision asked;
	public final Precision taken;
	public final List<String> infos;
	public final List<String> warnings;

	/** What this CPU, backend and model allow. */
	static final class Here {
		/** Why bfloat16 is not native here, or null. */
		final String bf16Refusal;
		/** Why int8 cannot run here, or null. */
		final String int8Refusal;
		final boolean int8DotProducts;
		/** The model's stored checks by precision id; null in older files. */
		final Map<String, PrecisionCheck> checks;
		final boolean describesTrainingData;

		Here(String bf16Refusal, String int8Refusal, boolean int8DotProducts, Map<String, PrecisionCheck> checks, boolean describesTrainingData) {
			this.bf16Refusal = bf16Refusal;
			this.int8Refusal = int8Refusal;
			this.int8DotProducts = int8DotProducts;
			this.checks = checks == null ? Map.of() : checks;
			this.describesTrainingData = describesTrainingData;
		}
	}

	private PrecisionChoice(Precision asked, Precision taken, List<String> infos, List<String> warnings) {
		this.asked = asked;
		this.taken = taken;
		this.infos = Collections.unmodifiableList(infos);
		this.warnings = Collections.unmodifiableList(warnings);
	}

	static PrecisionChoice of(Precision asked, Here here) {
		List<String> infos = new ArrayList<>(), warnings = new ArrayList<>();
		Precision taken = Precision.FLOAT;
		switch (asked) {
			case FLOAT:
				break;
			case BFLOAT16:
			case INT8: {
				String refusal = asked == Precision.BFLOAT16 ? here.bf16Refusal : here.int8Refusal;
				if (refusal != null) {
					warnings.add(asked + " asked for, but " + refusal + ": computing in float");
					break;
				}
				taken = asked;
				PrecisionCheck c = here.checks.get(asked.id());
				java.util.Optional<String> failed = c == null ? java.util.Optional.empty() : c.failure();
				if (failed.isPresent()) warnings.add(asked + ": this model's stored accuracy check did not pass (" + failed.get() + "); float is the exact answer");
				else if (asked == Precision.INT8 && c != null && !here.int8DotProducts && Boolean.TRUE.equals(c.int8DotProducts))
					warnings.add("int8: this model's accuracy check ran where 8-bit products add in 32 bits (" + c.instructionSet + "); this CPU has no "
						+ "8-bit dot products (VNNI or AMX) and adds pairs of them in 16 bits, which can saturate, so P may move further from float than the check says");
				infos.add("Arithmetic: " + asked + (c == null ? " (this model file holds no accuracy check for it)" : " (the model's check: " + c + ")"));
				break;
			}
			case AUTO: {
				List<String> passedOver = new ArrayList<>();
				taken = autoChoice(here, passedOver);
				infos.add("Arithmetic: " + taken + ", chosen by auto" + (taken == Precision.FLOAT ? "" : " (the model's check: " + here.checks.get(taken.id()) + ")")
					+ (passedOver.isEmpty() ? "" : "; not " + String.join("; not ", passedOver)));
				break;
			}
			default:
				throw new IllegalStateException(asked.id());
		}
		if (taken == Precision.INT8 && here.describesTrainingData)
			warnings.add("int8: no image is flagged as unlike the training data (int8's features are not the float ones it was described in); detect in float or bfloat16 for the flag");
		return new PrecisionChoice(asked, taken, infos, warnings);
	}

	/** bfloat16 where native, else int8 where the CPU has 8-bit dot products, each only when its stored check passed; else float. */
	private static Precision autoChoice(Here here, List<String> passedOver) {
		for (Precision p : new Precision[] {Precision.BFLOAT16, Precision.INT8}) {
			String cannot = p == Precision.BFLOAT16 ? here.bf16Refusal
				: here.int8Refusal != null ? here.int8Refusal : here.int8DotProducts ? null : "this CPU has no 8-bit dot products (VNNI or AMX), so int8 gains little";
			if (cannot != null) {
				passedOver.add(p + ": " + cannot);
				continue;
			}
			PrecisionCheck c = here.checks.get(p.id());
			if (c == null) passedOver.add(p + ": this model file holds no accuracy check for it (made before checks, or on a CPU without it; train it again here)");
			else if (c.failure().isPresent()) passedOver.add(p + ": " + c.failure().get());
			else return p;
		}
		return Precision.FLOAT;
	}
}
