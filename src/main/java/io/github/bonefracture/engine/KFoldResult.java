package io.github.bonefracture.engine;

import io.github.bonefracture.data.Sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The k-fold results of one architecture (one settings, one repeat): per-fold figures, out-of-fold P, thresholds, the summary and report. */
public final class KFoldResult {
	public final Architecture architecture;
	public final List<Metrics> folds;
	/** Out-of-fold P(fracture) per image, in dataset order. */
	public final double[] oof;
	public final int[] fold;
	public final int[] targets;
	public final List<Sample> samples;
	/** The settings every fold trained with. */
	public final TrainingConfig config;
	/** Each fold's figures at the threshold it learned on its inner validation split, on calibrated probabilities. */
	public final List<Metrics> foldsAtThreshold;
	/** Out-of-fold P(fracture) after each fold's calibration. */
	public final double[] oofCalibrated;
	final List<Decision> decisions;
	/** Which of the run's settings (from 1, in the order given: a grid's line, compare_with's second). */
	public final int settings;
	/** How many folds' own image generators were checked for test images (0 without synthetic images). */
	int generatorsChecked;
	/** Per fold: the share of test images whose conformal set (from the fold's inner validation) holds their class, and the share answered Uncertain. */
	public final List<double[]> conformal = new ArrayList<>();
	/** Each image's prediction set at {@link #ALPHA} from its fold's held-out training images: Fracture, Normal or Uncertain. */
	String[] predictionSets;
	/** The error rate k-fold reports the sets at: the option error_rate's default. */
	public static final double ALPHA = new Detector.Options().alpha;
	/** Which repeat of the k folds (from 0), and its fold seed. */
	public final int repeat;
	public final long foldSeed;

	KFoldResult(Architecture architecture, List<Metrics> folds, double[] oof, int[] fold, int[] targets, List<Sample> samples, TrainingConfig config,
		List<Metrics> foldsAtThreshold, double[] oofCalibrated, List<Decision> decisions, int settings, int repeat, long foldSeed)
	{
		this.settings = settings;
		this.repeat = repeat;
		this.foldSeed = foldSeed;
		this.config = config;
		this.foldsAtThreshold = foldsAtThreshold;
		this.oofCalibrated = oofCalibrated;
		this.decisions = decisions;
		this.architecture = architecture;
		this.folds = folds;
		this.oof = oof;
		this.fold = fold;
		this.targets = targets;
		this.samples = samples;
	}

	public double[] meanStd(java.util.function.ToDoubleFunction<Metrics> f) {
		return Metrics.meanStd(folds.stream().mapToDouble(f).toArray());
	}

	public double pooledAuc() {
		return Metrics.auc(oof, targets);
	}

	public AucInterval pooledAucCi() {
		return AucInterval.of(oof, targets);
	}

	/** The architecture, and its starting weights when a DenseNet starts from random ones (a baseline of its own). */
	public String name() {
		return architecture == Architecture.DENSENET121 && config.weights == TrainingConfig.WeightSource.RANDOM
			? architecture.id() + " from random weights" : architecture.id();
	}

	public double youdenThreshold() {
		return Metrics.youdenThreshold(oof, targets);
	}

	/** The summary as stored in JSON and in a model file's metadata. */
	public Map<String, Object> summary() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("architecture", architecture.id());
		m.put("name", name());
		m.put("startingWeights", config.weights.name().toLowerCase(Locale.ROOT));
		m.put("settings", settings);
		m.put("repeat", repeat + 1);
		m.put("foldSeed", foldSeed);
		m.put("folds", folds.size());
		m.put("std", "sample standard deviation over folds (n - 1)");
		put(m, "loss", meanStd(x -> x.loss));
		put(m, "accuracy", meanStd(x -> x.accuracy));
		put(m, "auc", meanStd(x -> x.auc));
		put(m, "sensitivity", meanStd(x -> x.sensitivity));
		put(m, "specificity", meanStd(x -> x.specificity));
		m.put("pooledOutOfFoldAuc", pooledAuc());
		AucInterval ci = pooledAucCi();
		m.put("pooledOutOfFoldAuc95CI", List.of(ci.low, ci.high));
		m.put("aucCiMethod", ci.method);
		m.put("youdenThresholdOnPooledTestPredictions", youdenThreshold());
		m.put("note", "the figures above are at 0.5 on the network's own probabilities; those below use each fold's threshold and "
			+ "calibration, learned within its training images (innerFolds in training: inner cross-validation; 0: one validation split); "
			+ "folds.csv has each fold's figures at both");
		m.put("thresholdRule", config.thresholdRule().toString());
		m.put("calibration", config.calibration);
		m.put("foldThresholds", decisions.stream().map(d -> d.threshold).collect(java.util.stream.Collectors.toList()));
		m.put("foldThresholdIntervals95", decisions.stream().map(d -> List.of(d.thresholdLow, d.thresholdHigh)).collect(java.util.stream.Collectors.toList()));
		m.put("foldThresholdRules", decisions.stream().map(d -> d.rule).collect(java.util.stream.Collectors.toList()));
		put(m, "thresholdAccuracy", Metrics.meanStd(foldsAtThreshold.stream().mapToDouble(x -> x.accuracy).toArray()));
		put(m, "thresholdSensitivity", Metrics.meanStd(foldsAtThreshold.stream().mapToDouble(x -> x.sensitivity).toArray()));
		put(m, "thresholdSpecificity", Metrics.meanStd(foldsAtThreshold.stream().mapToDouble(x -> x.specificity).toArray()));
		Reliability raw = Reliability.of(oof, targets, 10), cal = Reliability.of(oofCalibrated, targets, 10);
		m.put("brier", raw.brier);
		m.put("expectedCalibrationError", raw.expectedCalibrationError);
		m.put("brierCalibrated", cal.brier);
		m.put("expectedCalibrationErrorCalibrated", cal.expectedCalibrationError);
		m.put("calibrationBins", 10);
		if (config.syntheticPerClass > 0) m.put("synthetic", SyntheticTraining.summary(config, generatorsChecked));
		if (!conformal.isEmpty()) {
			Map<String, Object> cm = new LinkedHashMap<>();
			cm.put("errorRate", ALPHA);
			cm.put("coveragePerFold", conformal.stream().mapToDouble(x -> x[0]).toArray());
			cm.put("uncertainSharePerFold", conformal.stream().mapToDouble(x -> x[1]).toArray());
			cm.put("heldOutImagesPerFold", conformal.stream().mapToDouble(x -> x[2]).toArray());
			m.put("conformalSets", cm);
		}
		return m;
	}

	private static void put(Map<String, Object> m, String key, double[] ms) {
		m.put(key + "Mean", ms[0]);
		m.put(key + "Std", ms[1]);
	}

	public String report() {
		StringBuilder sb = new StringBuilder();
		sb.append("K-fold results: ").append(name()).append('\n');
		for (int f = 0; f < folds.size(); f++) sb.append(String.format(Locale.ROOT, "  fold %2d: %s%n", f + 1, folds.get(f)));
		double[] l = meanStd(x -> x.loss), a = meanStd(x -> x.accuracy), u = meanStd(x -> x.auc);
		sb.append(String.format(Locale.ROOT, "  loss     %.4f (+/- %.4f)%n", l[0], l[1]));
		sb.append(String.format(Locale.ROOT, "  accuracy %.4f (+/- %.4f)%n", a[0], a[1]));
		sb.append(String.format(Locale.ROOT, "  AUC      %.4f (+/- %.4f)   (mean +/- sample std over folds)%n", u[0], u[1]));
		sb.append(String.format(Locale.ROOT, "  pooled out-of-fold AUC %s; scores of %d models pooled%n", pooledAucCi(), folds.size()));
		double[] ta = Metrics.meanStd(foldsAtThreshold.stream().mapToDouble(x -> x.accuracy).toArray());
		double[] ts = Metrics.meanStd(foldsAtThreshold.stream().mapToDouble(x -> x.sensitivity).toArray());
		double[] tp = Metrics.meanStd(foldsAtThreshold.stream().mapToDouble(x -> x.specificity).toArray());
		sb.append(String.format(Locale.ROOT, "  at each fold's own threshold (%s, calibration %s, learned within its training images): "
			+ "accuracy %.4f (+/- %.4f), sensitivity %.4f (+/- %.4f), specificity %.4f (+/- %.4f)%n",
			config.thresholdRule(), config.calibration, ta[0], ta[1], ts[0], ts[1], tp[0], tp[1]));
		Reliability raw = Reliability.of(oof, targets, 10), cal = Reliability.of(oofCalibrated, targets, 10);
		sb.append(String.format(Locale.ROOT, "  calibration of the pooled out-of-fold P(fracture): Brier %.4f, ECE %.4f (10 bins)%s%n",
			raw.brier, raw.expectedCalibrationError, config.calibration.equals("none") ? ""
				: String.format(Locale.ROOT, "; after calibration Brier %.4f, ECE %.4f", cal.brier, cal.expectedCalibrationError)));
		if (config.syntheticPerClass > 0) sb.append("  ").append(SyntheticTraining.line(config, generatorsChecked)).append('\n');
		if (!conformal.isEmpty()) {
			double[] cov = conformal.stream().mapToDouble(x -> x[0]).toArray(), unc = conformal.stream().mapToDouble(x -> x[1]).toArray();
			sb.append(String.format(Locale.ROOT, "  conformal sets at error rate %.2f (from each fold's held-out training images): coverage %.3f (+/- %.3f; target %.2f or more), uncertain %.3f (+/- %.3f)%n",
				ALPHA, Metrics.meanStd(cov)[0], Metrics.meanStd(cov)[1], 1 - ALPHA, Metrics.meanStd(unc)[0], Metrics.meanStd(unc)[1]));
			int fewest = (int) conformal.stream().mapToDouble(x -> x[2]).min().orElse(0);
			if (fewest < ConformalSets.needed(ALPHA))
				sb.append(String.format(Locale.ROOT, "    (a fold held out %d images for its sets; below %d every set holds both classes: more images, or inner_folds)%n",
					fewest, ConformalSets.needed(ALPHA)));
		}
		return sb.toString();
	}
}
