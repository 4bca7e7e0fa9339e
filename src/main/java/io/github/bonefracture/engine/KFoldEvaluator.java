package io.github.bonefracture.engine;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.InvalidOptionException;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Dataset;
import io.github.bonefracture.data.DatasetScanner;
import io.github.bonefracture.data.Groups;
import io.github.bonefracture.data.Sample;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stratified k-fold evaluation, every fold a fresh model from the same start
 * (ImageNet, pretrained or random weights). Several architectures can be run
 * on the same folds.
 */
public final class KFoldEvaluator {

	private final int k;
	private final long foldSeed;
	private final Backend backend;
	private final Progress progress;

	private final int repeats;

	public KFoldEvaluator(int k, long foldSeed, Backend backend, Progress progress) {
		this(k, foldSeed, 1, backend, progress);
	}

	/** repeats runs of k folds, the r-th (from 0) with fold seed foldSeed + r. */
	public KFoldEvaluator(int k, long foldSeed, int repeats, Backend backend, Progress progress) {
		this.repeats = repeats;
		this.backend = backend;
		this.k = k;
		this.foldSeed = foldSeed;
		this.progress = progress == null ? Progress.NONE : progress;
	}

	public List<KFoldResult> run(Path datasetDir, List<TrainingConfig> configs, Path outDir) {
		return run(datasetDir, configs, outDir, null);
	}

	/**
	 * As {@link #run(Path, List, Path)}, the folds trained by remote (one task
	 * per configuration, repeat and fold) when it is not null: the same
	 * folds, seeds and figures as training them here.
	 */
	public List<KFoldResult> run(Path datasetDir, List<TrainingConfig> configs, Path outDir, FoldExecutor remote) {
		if (outDir != null) OutputFiles.checkFolder(outDir, "k-fold output folder");
		if (configs.isEmpty()) throw new InvalidInputException("No training settings to evaluate");
		for (TrainingConfig c : configs) SyntheticTraining.checkGeneratorFile(c);
		TrainingConfig first = configs.get(0);
		Dataset ds = Groups.apply(new DatasetScanner(null, true, first.maxPixels()).scan(datasetDir, progress),
			first.groupFile == null ? null : java.nio.file.Paths.get(first.groupFile), first.groupPattern);
		if (k > ds.samples().size())
			throw new InvalidOptionException("k", k + " folds for " + ds.samples().size() + " images: every fold needs at least one image");
		progress.info(ds.summary().trim());
		String[] groups = ds.samples().stream().map(Sample::group).toArray(String[]::new);
		long patients = java.util.Arrays.stream(groups).distinct().count();
		String grouping = patients < groups.length
			? "by patient: " + patients + " patients, none in two folds (the inner validation split too)"
			: "none: every image is its own group";
		progress.info("Folds " + grouping);
		List<int[]> folds = new ArrayList<>();
		for (int r = 0; r < repeats; r++) folds.add(Splits.groupedFolds(ds.targets(), groups, k, foldSeed + r));
		// outcomes[config][repeat]: the k folds' outcomes in fold order.
		List<List<List<FoldOutcome>>> outcomes = remote == null ? trainHere(ds, configs, folds) : trainRemotely(ds, configs, folds, remote);

		List<KFoldResult> results = new ArrayList<>();
		List<Map<String, Object>> comparisons = new ArrayList<>();
		for (int r = 0; r < repeats; r++) {
			if (repeats > 1) progress.info(String.format(Locale.ROOT, "Repeat %d/%d (fold seed %d)", r + 1, repeats, foldSeed + r));
			List<KFoldResult> thisRepeat = new ArrayList<>();
			for (int c = 0; c < configs.size(); c++) thisRepeat.add(result(configs.get(c), c + 1, ds, folds.get(r), outcomes.get(c).get(r), r, foldSeed + r));
			for (int i = 1; i < thisRepeat.size(); i++) {
				RocComparison cmp = RocComparison.of(thisRepeat.get(0).oof, thisRepeat.get(i).oof, thisRepeat.get(0).targets, 2000, foldSeed + r);
				comparisons.add(KFoldFiles.comparison(r + 1, thisRepeat.get(0).name(), thisRepeat.get(i).name(), i + 1, cmp));
				progress.info(String.format(Locale.ROOT, "%s vs %s, pooled out-of-fold AUC %.4f vs %.4f: difference %.4f, DeLong z %.2f, p %s; "
					+ "stratified bootstrap 95%% CI of the difference [%.4f, %.4f]", thisRepeat.get(0).name(), thisRepeat.get(i).name(),
					cmp.aucA, cmp.aucB, cmp.difference, cmp.z, RocComparison.pText(cmp.p), cmp.bootstrapLow, cmp.bootstrapHigh));
			}
			results.addAll(thisRepeat);
		}
		Map<String, Object> spread = repeats > 1 ? acrossRepeats(results) : null;
		Map<String, Object> info = runInfo(ds, grouping, comparisons, spread, outcomes);
		info.put("trainedBy", remote == null ? "this process" : remote.toString());
		info.put("assignment", KFoldFiles.assignment(ds, results));
		if (outDir != null) KFoldFiles.write(results, info, outDir);
		return results;
	}

	/** Every fold here, each configuration's images read once for all its repeats and folds. */
	private List<List<List<FoldOutcome>>> trainHere(Dataset ds, List<TrainingConfig> configs, List<int[]> folds) {
		List<List<List<FoldOutcome>>> all = new ArrayList<>();
		for (TrainingConfig c : configs) {
			Prepared pr = new Prepared(ds, c);
			List<List<FoldOutcome>> perRepeat = new ArrayList<>();
			for (int[] fold : folds) {
				List<FoldOutcome> l = new ArrayList<>();
				for (int f = 0; f < k; f++) {
					progress.checkCanceled();
					progress.info(String.format("%s: fold %d/%d", c.architecture.id(), f + 1, k));
					FoldOutcome o = FoldWork.run(c, pr.all, pr.trainer, pr.start, fold, f);
					l.add(o);
					Decision d = o.decision();
					progress.info(String.format(Locale.ROOT, "%s fold %d/%d: %s; at its threshold %.3f (%s on %d held-out training images, calibration %s)",
						c.architecture.id(), f + 1, k, Metrics.of(o.p, targets(ds, o.testIdx), 0.5), d.threshold, d.rule, o.validationImages, d.calibration));
					progress.progress("K-fold " + c.architecture.id(), f + 1, k);
				}
				perRepeat.add(l);
			}
			all.add(perRepeat);
		}
		return all;
	}

	/** The plan made here (starting networks, pretraining included), the folds trained by the executor. */
	private List<List<List<FoldOutcome>>> trainRemotely(Dataset ds, List<TrainingConfig> configs, List<int[]> folds, FoldExecutor remote) {
		List<ComputationGraph> starts = new ArrayList<>();
		for (TrainingConfig c : configs) {
			starts.add(new Trainer(c, backend, progress, null).startingPoint().network);
		}
		KFoldPlan plan = new KFoldPlan(ds.samples(), configs, starts, folds, k);
		progress.info(plan.tasks().size() + " folds to train by " + remote);
		List<FoldOutcome> done = remote.run(plan);
		if (done.size() != plan.tasks().size()) throw new IllegalStateException(remote + " returned " + done.size() + " of " + plan.tasks().size() + " folds");
		List<List<List<FoldOutcome>>> all = new ArrayList<>();
		for (int c = 0; c < configs.size(); c++) {
			List<List<FoldOutcome>> perRepeat = new ArrayList<>();
			for (int r = 0; r < folds.size(); r++) perRepeat.add(new ArrayList<>(java.util.Collections.nCopies(k, (FoldOutcome) null)));
			all.add(perRepeat);
		}
		for (int i = 0; i < done.size(); i++) {
			KFoldPlan.Task t = plan.tasks().get(i);
			all.get(t.config).get(t.repeat).set(t.fold, done.get(i));
		}
		return all;
	}

	private static int[] targets(Dataset ds, int[] idx) {
		int[] all = ds.targets(), y = new int[idx.length];
		for (int i = 0; i < idx.length; i++) y[i] = all[idx[i]];
		return y;
	}

	/** Each architecture's pooled AUC over the repeats: one k-fold run is one draw of the folds. */
	private Map<String, Object> acrossRepeats(List<KFoldResult> results) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (Architecture a : results.stream().map(r -> r.architecture).distinct().collect(java.util.stream.Collectors.toList())) {
			double[] aucs = results.stream().filter(r -> r.architecture == a).mapToDouble(KFoldResult::pooledAuc).toArray();
			double[] ms = Metrics.meanStd(aucs);
			List<List<Double>> cis = new ArrayList<>();
			for (KFoldResult r : results) if (r.architecture == a) {
				AucInterval ci = r.pooledAucCi();
				cis.add(List.of(ci.low, ci.high));
			}
			Map<String, Object> e = new LinkedHashMap<>();
			e.put("pooledAucPerRepeat", aucs);
			e.put("pooledAucMean", ms[0]);
			e.put("pooledAucStd", ms[1]);
			e.put("pooledAuc95CIPerRepeat", cis);
			e.put("aucCiMethod", AucInterval.DELONG + "; " + AucInterval.NEWCOMBE + " where DeLong's collapses");
			m.put(a.id(), e);
			progress.info(String.format(Locale.ROOT, "%s over %d repeats: pooled out-of-fold AUC %.4f (+/- %.4f, sample std), from %.4f to %.4f",
				a.id(), aucs.length, ms[0], ms[1], java.util.Arrays.stream(aucs).min().orElse(Double.NaN), java.util.Arrays.stream(aucs).max().orElse(Double.NaN)));
		}
		return m;
	}

	/** One configuration's images, trainer and starting network, loaded once for every repeat. */
	private final class Prepared {
		final TrainingConfig config;
		final LoadedImages all;
		final Trainer trainer;
		final ComputationGraph start;

		Prepared(Dataset ds, TrainingConfig c) {
			config = c;
			all = LoadedImages.load(ds.samples(), c.architecture.preprocessing(c), c.maxPixels(), progress);
			if (all.size() != ds.samples().size())
				throw new InvalidInputException("Some images could not be decoded (see warnings); k-fold needs every image of the scan");
			trainer = new Trainer(c, backend, progress, null);
			start = trainer.startingPoint().network;
		}
	}

	/** What a re-run needs to give the same folds, and the comparisons of the architectures on them. */
	private Map<String, Object> runInfo(Dataset ds, String grouping, List<Map<String, Object>> comparisons, Map<String, Object> spread,
		List<List<List<FoldOutcome>>> outcomes) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("k", k);
		m.put("foldSeed", foldSeed);
		m.put("repeats", repeats);
		m.put("foldSeeds", "foldSeed + repeat - 1 (repeats numbered from 1)");
		m.put("grouping", grouping);
		m.put("datasetRoot", ds.root().toString());
		m.put("datasetFileListSha256", ds.fileListHash());
		m.put("backend", backend.name());
		m.put("software", ModelFile.softwareVersions());
		// Figures repeat to the bit for the same backend, instruction set and thread count: those the folds trained with, which
		// on a cluster are the executors' (Spark gives each OMP_NUM_THREADS = its cores), not this driver's. One record when
		// every fold agrees, else each distinct one (an empty one: a fold stored by an earlier version).
		java.util.Set<Map<String, String>> with = new java.util.LinkedHashSet<>();
		outcomes.forEach(c -> c.forEach(r -> r.forEach(o -> with.add(o.computedWith))));
		m.put("computedWith", with.size() == 1 ? with.iterator().next() : new ArrayList<>(with));
		m.put("comparisons", comparisons);
		if (spread != null) m.put("acrossRepeats", spread);
		return m;
	}

	/** One configuration's result over one repeat's k folds: the figures computed here from the folds' outcomes. */
	private KFoldResult result(TrainingConfig c, int settings, Dataset ds, int[] fold, List<FoldOutcome> outcomes, int repeat, long seed) {
		int n = ds.samples().size();
		double[] oof = new double[n], calibrated = new double[n];
		List<Metrics> folds = new ArrayList<>(), atThreshold = new ArrayList<>();
		List<Decision> decisions = new ArrayList<>();
		List<double[]> sets = new ArrayList<>();
		String[] perImage = new String[n];
		for (FoldOutcome o : outcomes) {
			for (int i = 0; i < o.testIdx.length; i++) {
				oof[o.testIdx[i]] = o.p[i];
				calibrated[o.testIdx[i]] = o.calibrated[i];
			}
			Decision d = o.decision();
			int[] y = targets(ds, o.testIdx);
			// Said here, where the folds are gathered, whether they trained here or on a cluster.
			if (d.heldOutAuc < 0.5)
				progress.warn(String.format(Locale.ROOT, "%s fold %d: held-out AUC %.3f is below 0.5 within its training images: the classes are ranked the wrong way "
					+ "round (class folders swapped, or nothing learned)", c.architecture.id(), folds.size() + 1, d.heldOutAuc));
			if (d.calibration.dropped != null) progress.warn(String.format(Locale.ROOT, "%s fold %d: %s", c.architecture.id(), folds.size() + 1, d.calibration.dropped));
			folds.add(Metrics.of(o.p, y, 0.5));
			atThreshold.add(Metrics.of(o.calibrated, y, d.threshold));
			decisions.add(d);
			ConformalSets cs = new ConformalSets();
			cs.scores = o.conformalScores;
			int covered = 0, uncertain = 0;
			for (int i = 0; i < y.length; i++) {
				java.util.Set<io.github.bonefracture.data.Label> s = cs.set(o.calibrated[i], KFoldResult.ALPHA);
				if (s.contains(io.github.bonefracture.data.Label.ofTarget(y[i]))) covered++;
				if (s.size() != 1) uncertain++;
				perImage[o.testIdx[i]] = s.size() == 1 ? s.iterator().next().displayName() : "Uncertain";
			}
			sets.add(new double[] {covered / (double) y.length, uncertain / (double) y.length, o.conformalScores.length});
		}
		int generatorsChecked = SyntheticTraining.checkNoTestImageLearned(ds.samples(), outcomes);
		KFoldResult r = new KFoldResult(c.architecture, folds, oof, fold, ds.targets(), ds.samples(), c, atThreshold, calibrated, decisions, settings, repeat, seed);
		r.generatorsChecked = generatorsChecked;
		r.conformal.addAll(sets);
		r.predictionSets = perImage;
		progress.info(r.report().trim());
		return r;
	}
}
