package io.github.bonefracture.engine;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.InvalidOptionException;
import io.github.bonefracture.core.OptionCheck;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Dataset;
import io.github.bonefracture.data.DatasetScanner;
import io.github.bonefracture.data.Groups;
import io.github.bonefracture.data.Sample;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Stratified k-fold evaluation, every fold a fresh model from the same start
 * (ImageNet, pretrained or random weights). Several architectures can be run
 * on the same folds.
 */
public final class KFoldEvaluator {

	/** Results of one architecture. */
	public static final class Result {
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

		Result(Architecture architecture, List<Metrics> folds, double[] oof, int[] fold, int[] targets, List<Sample> samples, TrainingConfig config,
			List<Metrics> foldsAtThreshold, double[] oofCalibrated, List<Decision> decisions)
		{
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

		public double[] pooledAucCi() {
			int pos = 0;
			for (int t : targets) pos += t;
			return Metrics.aucConfidenceInterval(pooledAuc(), pos, targets.length - pos);
		}

		public double youdenThreshold() {
			return Metrics.youdenThreshold(oof, targets);
		}

		/** The summary as stored in JSON and in a model file's metadata. */
		public Map<String, Object> summary() {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("architecture", architecture.id());
			m.put("folds", folds.size());
			m.put("std", "sample standard deviation over folds (n - 1)");
			put(m, "loss", meanStd(x -> x.loss));
			put(m, "accuracy", meanStd(x -> x.accuracy));
			put(m, "auc", meanStd(x -> x.auc));
			put(m, "sensitivity", meanStd(x -> x.sensitivity));
			put(m, "specificity", meanStd(x -> x.specificity));
			m.put("pooledOutOfFoldAuc", pooledAuc());
			double[] ci = pooledAucCi();
			m.put("pooledOutOfFoldAuc95CI", List.of(ci[0], ci[1]));
			m.put("aucCiMethod", "Hanley & McNeil (1982)");
			m.put("youdenThresholdOnPooledTestPredictions", youdenThreshold());
			m.put("note", "the figures above are at 0.5 on the network's own probabilities; those below use each fold's threshold and "
				+ "calibration, learned on its inner validation split");
			m.put("thresholdRule", config.thresholdRule().toString());
			m.put("calibration", config.calibration);
			m.put("foldThresholds", decisions.stream().map(d -> d.threshold).collect(java.util.stream.Collectors.toList()));
			put(m, "thresholdAccuracy", Metrics.meanStd(foldsAtThreshold.stream().mapToDouble(x -> x.accuracy).toArray()));
			put(m, "thresholdSensitivity", Metrics.meanStd(foldsAtThreshold.stream().mapToDouble(x -> x.sensitivity).toArray()));
			put(m, "thresholdSpecificity", Metrics.meanStd(foldsAtThreshold.stream().mapToDouble(x -> x.specificity).toArray()));
			Reliability raw = Reliability.of(oof, targets, 10), cal = Reliability.of(oofCalibrated, targets, 10);
			m.put("brier", raw.brier);
			m.put("expectedCalibrationError", raw.expectedCalibrationError);
			m.put("brierCalibrated", cal.brier);
			m.put("expectedCalibrationErrorCalibrated", cal.expectedCalibrationError);
			m.put("calibrationBins", 10);
			return m;
		}

		private static void put(Map<String, Object> m, String key, double[] ms) {
			m.put(key + "Mean", ms[0]);
			m.put(key + "Std", ms[1]);
		}

		public String report() {
			StringBuilder sb = new StringBuilder();
			sb.append("K-fold results: ").append(architecture.id()).append('\n');
			for (int f = 0; f < folds.size(); f++) sb.append(String.format(Locale.ROOT, "  fold %2d: %s%n", f + 1, folds.get(f)));
			double[] l = meanStd(x -> x.loss), a = meanStd(x -> x.accuracy), u = meanStd(x -> x.auc);
			sb.append(String.format(Locale.ROOT, "  loss     %.4f (+/- %.4f)%n", l[0], l[1]));
			sb.append(String.format(Locale.ROOT, "  accuracy %.4f (+/- %.4f)%n", a[0], a[1]));
			sb.append(String.format(Locale.ROOT, "  AUC      %.4f (+/- %.4f)   (mean +/- sample std over folds)%n", u[0], u[1]));
			double[] ci = pooledAucCi();
			sb.append(String.format(Locale.ROOT, "  pooled out-of-fold AUC %.4f, 95%% CI [%.4f, %.4f] (Hanley-McNeil; scores of %d models pooled)%n",
				pooledAuc(), ci[0], ci[1], folds.size()));
			double[] ta = Metrics.meanStd(foldsAtThreshold.stream().mapToDouble(x -> x.accuracy).toArray());
			double[] ts = Metrics.meanStd(foldsAtThreshold.stream().mapToDouble(x -> x.sensitivity).toArray());
			double[] tp = Metrics.meanStd(foldsAtThreshold.stream().mapToDouble(x -> x.specificity).toArray());
			sb.append(String.format(Locale.ROOT, "  at each fold's own threshold (%s, calibration %s, learned on its inner validation split): "
				+ "accuracy %.4f (+/- %.4f), sensitivity %.4f (+/- %.4f), specificity %.4f (+/- %.4f)%n",
				config.thresholdRule(), config.calibration, ta[0], ta[1], ts[0], ts[1], tp[0], tp[1]));
			Reliability raw = Reliability.of(oof, targets, 10), cal = Reliability.of(oofCalibrated, targets, 10);
			sb.append(String.format(Locale.ROOT, "  calibration of the pooled out-of-fold P(fracture): Brier %.4f, ECE %.4f (10 bins)%s%n",
				raw.brier, raw.expectedCalibrationError, config.calibration.equals("none") ? ""
					: String.format(Locale.ROOT, "; after calibration Brier %.4f, ECE %.4f", cal.brier, cal.expectedCalibrationError)));
			return sb.toString();
		}
	}

	private final int k;
	private final long foldSeed;
	private final Backend backend;
	private final Progress progress;

	public KFoldEvaluator(int k, long foldSeed, Backend backend, Progress progress) {
		this.backend = backend;
		this.k = OptionCheck.count("k", k, 2, 1000);
		this.foldSeed = foldSeed;
		this.progress = progress == null ? Progress.NONE : progress;
	}

	public List<Result> run(Path datasetDir, List<TrainingConfig> configs, Path outDir) {
		if (outDir != null) OutputFiles.checkFolder(outDir, "k-fold output folder");
		if (configs.isEmpty()) throw new InvalidInputException("No training settings to evaluate");
		TrainingConfig first = configs.get(0);
		Dataset ds = Groups.apply(new DatasetScanner(null, true, first.maxPixels()).scan(datasetDir, progress),
			first.groupFile == null ? null : java.nio.file.Paths.get(first.groupFile), first.groupPattern);
		if (k > ds.samples().size())
			throw new InvalidOptionException("k", k + " folds for " + ds.samples().size() + " images: every fold needs at least one image");
		progress.info(ds.summary().trim());
		String[] groups = ds.samples().stream().map(Sample::group).toArray(String[]::new);
		int[] fold = Splits.groupedFolds(ds.targets(), groups, k, foldSeed);
		long patients = java.util.Arrays.stream(groups).distinct().count();
		String grouping = patients < groups.length
			? "by patient: " + patients + " patients, none in two folds (the inner validation split too)"
			: "none: every image is its own group";
		progress.info("Folds " + grouping);
		List<Result> results = new ArrayList<>();
		for (TrainingConfig c : configs) results.add(run(ds, fold, c));
		List<RocComparison> comparisons = new ArrayList<>();
		for (int i = 1; i < results.size(); i++) {
			RocComparison cmp = RocComparison.of(results.get(0).oof, results.get(i).oof, results.get(0).targets, 2000, foldSeed);
			comparisons.add(cmp);
			progress.info(String.format(Locale.ROOT, "%s vs %s, pooled out-of-fold AUC %.4f vs %.4f: difference %.4f, DeLong z %.2f, p %.2g; "
				+ "stratified bootstrap 95%% CI of the difference [%.4f, %.4f]", results.get(0).architecture.id(), results.get(i).architecture.id(),
				cmp.aucA, cmp.aucB, cmp.difference, cmp.z, cmp.p, cmp.bootstrapLow, cmp.bootstrapHigh));
		}
		if (outDir != null) write(results, run(ds, grouping, comparisons, results), outDir);
		return results;
	}

	/** What a re-run needs to give the same folds, and the comparisons of the architectures on them. */
	private Map<String, Object> run(Dataset ds, String grouping, List<RocComparison> comparisons, List<Result> results) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("k", k);
		m.put("foldSeed", foldSeed);
		m.put("grouping", grouping);
		m.put("datasetRoot", ds.root().toString());
		m.put("datasetFileListSha256", ds.fileListHash());
		m.put("backend", backend.name());
		m.put("software", ModelFile.softwareVersions());
		List<Map<String, Object>> cmp = new ArrayList<>();
		for (int i = 0; i < comparisons.size(); i++) {
			RocComparison c = comparisons.get(i);
			Map<String, Object> e = new LinkedHashMap<>();
			e.put("a", results.get(0).architecture.id());
			e.put("b", results.get(i + 1).architecture.id());
			e.put("pooledAucA", c.aucA);
			e.put("pooledAucB", c.aucB);
			e.put("difference", c.difference);
			e.put("deLongStandardError", c.standardError);
			e.put("deLongZ", c.z);
			e.put("deLongP", c.p);
			e.put("bootstrap95CI", List.of(c.bootstrapLow, c.bootstrapHigh));
			e.put("bootstrapReplicates", c.bootstrapReplicates);
			e.put("method", "DeLong, DeLong and Clarke-Pearson (1988) on the pooled out-of-fold scores; stratified bootstrap, seed = foldSeed");
			cmp.add(e);
		}
		m.put("comparisons", cmp);
		return m;
	}

	Result run(Dataset ds, int[] fold, TrainingConfig c) {
		LoadedImages all = LoadedImages.load(ds.samples(), c.architecture.preprocessing(c), c.maxPixels(), progress);
		if (all.size() != ds.samples().size())
			throw new InvalidInputException("Some images could not be decoded (see warnings); k-fold needs every image of the scan");
		Trainer trainer = new Trainer(c, backend, progress, null);
		ComputationGraph start = trainer.startingNetwork();
		Pretraining.run(c, trainer, start, progress);
		double[] oof = new double[all.size()], calibrated = new double[all.size()];
		List<Metrics> folds = new ArrayList<>(), atThreshold = new ArrayList<>();
		List<Decision> decisions = new ArrayList<>();
		int[] targets = all.targets();
		for (int f = 0; f < k; f++) {
			progress.checkCanceled();
			progress.info(String.format("%s: fold %d/%d", c.architecture.id(), f + 1, k));
			int[] trainIdx = Splits.where(fold, f, false), testIdx = Splits.where(fold, f, true);
			LoadedImages train = all.subset(trainIdx), test = all.subset(testIdx);
			// The inner validation split (whole patients) learns the threshold and calibration, and stops early when asked; never the test fold.
			int[][] split = Splits.groupedHoldout(train.targets(), train.groups(), c.validationFraction, c.validationSeed);
			LoadedImages val = train.subset(split[1]);
			train = train.subset(split[0]);
			ComputationGraph net = start.clone();
			trainer.train(net, train, c.earlyStoppingPatience > 0 ? val : null);
			Decision d = Decision.learn(c, val.size() == 0 ? new double[0] : trainer.predict(net, val), val.targets());
			decisions.add(d);
			double[] p = trainer.predict(net, test);
			int[] y = test.targets();
			double[] pc = d.calibration.apply(p);
			for (int i = 0; i < testIdx.length; i++) {
				oof[testIdx[i]] = p[i];
				calibrated[testIdx[i]] = pc[i];
			}
			Metrics m = Metrics.of(p, y, 0.5), t = Metrics.of(pc, y, d.threshold);
			folds.add(m);
			atThreshold.add(t);
			progress.info(String.format(Locale.ROOT, "%s fold %d/%d: %s; at its threshold %.3f (%s on %d validation images, calibration %s): "
				+ "accuracy %.3f, sensitivity %.3f, specificity %.3f", c.architecture.id(), f + 1, k, m, d.threshold, d.rule, val.size(),
				d.calibration, t.accuracy, t.sensitivity, t.specificity));
			progress.progress("K-fold " + c.architecture.id(), f + 1, k);
		}
		Result r = new Result(c.architecture, folds, oof, fold, targets, all.samples(), c, atThreshold, calibrated, decisions);
		progress.info(r.report().trim());
		return r;
	}

	/** folds.csv, predictions.csv and summary.json in outDir. */
	public static void write(List<Result> results, Map<String, Object> run, Path outDir) {
		List<String> header = new ArrayList<>(List.of("architecture", "fold"));
		header.addAll(results.get(0).folds.get(0).fields().keySet());
		OutputFiles.writeStream(outDir.resolve("folds.csv"), out -> {
			CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
				CSVFormat.DEFAULT.builder().setHeader(header.toArray(new String[0])).build());
			for (Result r : results)
				for (int f = 0; f < r.folds.size(); f++) {
					List<Object> row = new ArrayList<>(List.of(r.architecture.id(), f + 1));
					row.addAll(r.folds.get(f).fields().values());
					csv.printRecord(row);
				}
			csv.flush();
		});
		OutputFiles.writeStream(outDir.resolve("predictions.csv"), out -> {
			CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
				CSVFormat.DEFAULT.builder().setHeader("architecture", "file", "group", "label", "fold", "p_fracture", "p_fracture_calibrated").build());
			for (Result r : results)
				for (int i = 0; i < r.oof.length; i++)
					csv.printRecord(r.architecture.id(), r.samples.get(i).path(), r.samples.get(i).group(), r.samples.get(i).label().displayName(),
						r.fold[i] + 1, r.oof[i], r.oofCalibrated[i]);
			csv.flush();
		});
		List<Map<String, Object>> summaries = new ArrayList<>();
		for (Result r : results) {
			Map<String, Object> s = r.summary();
			List<Map<String, Number>> perFold = new ArrayList<>();
			for (Metrics m : r.folds) perFold.add(m.fields());
			s.put("perFold", perFold);
			s.put("training", r.config);
			s.put("run", run);
			summaries.add(s);
		}
		OutputFiles.writeStream(outDir.resolve("reliability.csv"), out -> {
			CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
				CSVFormat.DEFAULT.builder().setHeader("architecture", "probabilities", "bin_low", "bin_high", "mean_predicted", "observed_fracture_rate", "images").build());
			for (Result r : results) {
				for (boolean cal : new boolean[] {false, true}) {
					if (cal && r.config.calibration.equals("none")) continue;
					for (Reliability.Bin b : Reliability.of(cal ? r.oofCalibrated : r.oof, r.targets, 10).bins)
						csv.printRecord(r.architecture.id(), cal ? "calibrated" : "network", b.low, b.high, b.meanPredicted, b.observed, b.count);
				}
			}
			csv.flush();
		});
		Gson gson = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
		OutputFiles.writeString(outDir.resolve("summary.json"), gson.toJson(summaries));
	}
}
