package io.github.bonefracture.engine;

import io.github.bonefracture.core.InvalidInputException;

import java.util.Locale;

/**
 * A monotone map from the network's P(fracture) to a calibrated one, fitted
 * on validation images (never on test images): Platt scaling,
 * sigmoid(a logit(p) + b), or temperature scaling, sigmoid(logit(p) / T).
 * Both keep the order of images, so the AUC does not change. Stored in the
 * model file as method and parameters.
 */
public final class Calibration {

	/** The methods, as the option calibration names them. */
	public enum Method { NONE, PLATT, TEMPERATURE }

	/** The largest |a| and |b| a model file may hold: a fit on logits gives a few units. */
	public static final double MAX_COEFFICIENT = 1000;

	public final Method method;
	/** Platt: slope and intercept; temperature: a = 1 / T, b = 0; none: 1 and 0. */
	public final double a;
	public final double b;
	/** Why the calibration asked for was not applied (method is then NONE), or null: the model's one record of it. */
	public final String dropped;

	public Calibration(Method method, double a, double b) {
		this(method, a, b, null);
	}

	Calibration(Method method, double a, double b, String dropped) {
		this.method = method;
		this.a = a;
		this.b = b;
		this.dropped = dropped;
	}

	/** No calibration, because the one asked for could not be fitted: why. */
	static Calibration dropped(Method asked, String why) {
		return new Calibration(Method.NONE, 1, 0, name(asked) + " was asked for but not applied: " + why);
	}

	public static Calibration none() {
		return new Calibration(Method.NONE, 1, 0);
	}

	public static Method parse(String s) {
		try {
			return Method.valueOf(s.trim().toUpperCase(Locale.ROOT));
		} catch (IllegalArgumentException e) {
			throw new InvalidInputException("Unknown calibration '" + s + "': use none, platt or temperature");
		}
	}

	/** The calibrated probability. */
	public double apply(double p) {
		if (method == Method.NONE) return p;
		double z = a * logit(p) + b;
		return 1 / (1 + Math.exp(-z));
	}

	public double[] apply(double[] p) {
		double[] out = new double[p.length];
		for (int i = 0; i < p.length; i++) out[i] = apply(p[i]);
		return out;
	}

	static double logit(double p) {
		double q = Math.min(1 - 1e-7, Math.max(1e-7, p));
		return Math.log(q / (1 - q));
	}

	/**
	 * Fits the method on validation predictions by maximum likelihood
	 * (Newton's method on the cross-entropy; Platt's targets smoothed as in his
	 * paper so a separable validation set does not send a to infinity).
	 */
	public static Calibration fit(Method method, double[] p, int[] y) {
		if (method == Method.NONE) return none();
		if (p.length == 0) return dropped(method, "no held-out images");
		int pos = 0;
		for (int t : y) pos += t;
		int neg = y.length - pos;
		if (pos == 0 || neg == 0) return dropped(method, "the held-out images are all of one class");
		double hi = (pos + 1.0) / (pos + 2.0), lo = 1.0 / (neg + 2.0);
		double[] x = new double[p.length], t = new double[p.length];
		for (int i = 0; i < p.length; i++) {
			x[i] = logit(p[i]);
			t[i] = y[i] == 1 ? hi : lo;
		}
		double a = 1, b = 0;
		boolean intercept = method == Method.PLATT;
		double loss = loss(x, t, a, b);
		for (int iter = 0; iter < 100; iter++) {
			double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
			for (int i = 0; i < x.length; i++) {
				double q = 1 / (1 + Math.exp(-(a * x[i] + b)));
				double r = q - t[i], w = q * (1 - q);
				ga += r * x[i];
				gb += r;
				haa += w * x[i] * x[i];
				hab += w * x[i];
				hbb += w;
			}
			double da, db;
			if (intercept) {
				double det = haa * hbb - hab * hab;
				da = (hbb * ga - hab * gb) / det;
				db = (haa * gb - hab * ga) / det;
			} else {
				da = ga / haa;
				db = 0;
			}
			// Newton's step, halved until the loss goes down (a far start can overshoot).
			double step = 1, next = loss(x, t, a - da, b - db);
			while (next > loss && step > 1e-6) {
				step /= 2;
				next = loss(x, t, a - step * da, b - step * db);
			}
			if (next > loss) break;
			a -= step * da;
			b -= step * db;
			boolean done = loss - next < 1e-12;
			loss = next;
			if (done) break;
		}
		// A slope that is not positive would turn the order round or flatten it: no calibration then.
		if (!(a > 0) || !Double.isFinite(b))
			return dropped(method, String.format(Locale.ROOT, "the fitted slope %.4g is not positive (the held-out scores do not rank fractures above normals)", a));
		return new Calibration(method, a, b);
	}

	/** Cross-entropy of the targets t under sigmoid(a x + b). */
	private static double loss(double[] x, double[] t, double a, double b) {
		double l = 0;
		for (int i = 0; i < x.length; i++) {
			double z = a * x[i] + b;
			// log(1 + e^z) - t z, without overflow.
			l += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - t[i] * z;
		}
		return l;
	}

	private static String name(Method m) {
		return m == Method.PLATT ? "Platt scaling" : "temperature scaling";
	}

	@Override
	public String toString() {
		switch (method) {
			case PLATT: return String.format(Locale.ROOT, "Platt scaling (a %.4f, b %.4f)", a, b);
			case TEMPERATURE: return String.format(Locale.ROOT, "temperature scaling (T %.4f)", 1 / a);
			default: return dropped == null ? "none" : "none (" + dropped + ")";
		}
	}
}
