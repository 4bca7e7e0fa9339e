package io.github.bonefracture.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.Progress;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A reviewer's check: every figure of summary.json, recomputed from
 * predictions.csv alone (and each fold's learned threshold from folds.csv),
 * comes out the same. The CSVs print doubles in their shortest exact form,
 * so the figures agree to the last bit up to summation order.
 */
class KFoldFiguresTest {

	@TempDir
	Path dir;

	@Test
	void everySummaryFigureFollowsFromThePredictions() throws Exception {
		Path data = TinyNets.phantoms(dir.resolve("data"), 6, 64, 1);
		Path out = dir.resolve("kfold");
		TrainingConfig dense = TinyNets.denseNet(1);
		dense.calibration = "platt";
		dense.innerFolds = 2;
		TrainingConfig base = TinyNets.baseline(1);
		base.innerFolds = 2;
		new KFoldEvaluator(3, 5, TestBackends.onednn(), Progress.NONE).run(data, List.of(dense, base), out);
		List<CSVRecord> predictions = read(out.resolve("predictions.csv")), folds = read(out.resolve("folds.csv"));
		JsonArray summaries = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonArray();
		double[][] pooled = new double[2][];
		int[] targets = null;
		for (int settings = 1; settings <= 2; settings++) {
			String s = String.valueOf(settings);
			List<CSVRecord> rows = predictions.stream().filter(r -> r.get("settings").equals(s)).collect(Collectors.toList());
			double[] p = rows.stream().mapToDouble(r -> Double.parseDouble(r.get("p_fracture"))).toArray();
			double[] q = rows.stream().mapToDouble(r -> Double.parseDouble(r.get("p_fracture_calibrated"))).toArray();
			int[] y = rows.stream().mapToInt(r -> r.get("label").equals("Fracture") ? 1 : 0).toArray();
			int[] fold = rows.stream().mapToInt(r -> Integer.parseInt(r.get("fold"))).toArray();
			JsonObject j = summaries.get(settings - 1).getAsJsonObject();
			assertEquals(1, j.get("repeat").getAsInt(), "repeats from 1, as in the CSVs");

			AucInterval auc = AucInterval.of(p, y);
			assertEquals(auc.auc, j.get("pooledOutOfFoldAuc").getAsDouble(), 1e-12);
			assertEquals(auc.low, j.getAsJsonArray("pooledOutOfFoldAuc95CI").get(0).getAsDouble(), 1e-12);
			assertEquals(auc.high, j.getAsJsonArray("pooledOutOfFoldAuc95CI").get(1).getAsDouble(), 1e-12);
			assertEquals(auc.method, j.get("aucCiMethod").getAsString());
			assertTrue(auc.low < auc.high, "no interval of zero width: " + auc);
			assertEquals(Metrics.youdenThreshold(p, y), j.get("youdenThresholdOnPooledTestPredictions").getAsDouble(), 1e-12);

			Reliability raw = Reliability.of(p, y, 10), cal = Reliability.of(q, y, 10);
			assertEquals(raw.brier, j.get("brier").getAsDouble(), 1e-12);
			assertEquals(raw.expectedCalibrationError, j.get("expectedCalibrationError").getAsDouble(), 1e-12);
			assertEquals(cal.brier, j.get("brierCalibrated").getAsDouble(), 1e-12);
			assertEquals(cal.expectedCalibrationError, j.get("expectedCalibrationErrorCalibrated").getAsDouble(), 1e-12);

			List<Double> acc = new ArrayList<>(), aucs = new ArrayList<>(), accAt = new ArrayList<>(), coverage = new ArrayList<>();
			for (int f = 1; f <= 3; f++) {
				int ff = f;
				int[] in = java.util.stream.IntStream.range(0, p.length).filter(i -> fold[i] == ff).toArray();
				double[] pf = pick(p, in), qf = pick(q, in);
				int[] yf = java.util.Arrays.stream(in).map(i -> y[i]).toArray();
				CSVRecord row = folds.stream().filter(r -> r.get("settings").equals(s) && r.get("fold").equals(String.valueOf(ff))).findFirst().orElseThrow();
				Metrics at05 = Metrics.of(pf, yf, 0.5);
				assertEquals(at05.accuracy, Double.parseDouble(row.get("accuracy")), 1e-12);
				assertEquals(at05.loss, Double.parseDouble(row.get("loss")), 1e-12);
				assertEquals(at05.tp, Integer.parseInt(row.get("tp")));
				double threshold = Double.parseDouble(row.get("threshold"));
				assertEquals(threshold, j.getAsJsonArray("foldThresholds").get(f - 1).getAsDouble(), 0);
				Metrics atT = Metrics.of(qf, yf, threshold);
				assertEquals(atT.accuracy, Double.parseDouble(row.get("at_threshold_accuracy")), 1e-12);
				assertEquals(atT.sensitivity, Double.parseDouble(row.get("at_threshold_sensitivity")), 1e-12);
				assertEquals(atT.fn, Integer.parseInt(row.get("at_threshold_fn")));
				long covered = java.util.Arrays.stream(in).filter(i -> rows.get(i).get("prediction_set").equals(rows.get(i).get("label"))
					|| rows.get(i).get("prediction_set").equals("Uncertain")).count();
				assertEquals(covered / (double) in.length, Double.parseDouble(row.get("set_coverage")), 1e-12);
				acc.add(at05.accuracy);
				aucs.add(at05.auc);
				accAt.add(atT.accuracy);
				coverage.add(covered / (double) in.length);
			}
			assertEquals(Metrics.meanStd(unbox(acc))[0], j.get("accuracyMean").getAsDouble(), 1e-12);
			assertEquals(Metrics.meanStd(unbox(acc))[1], j.get("accuracyStd").getAsDouble(), 1e-12);
			assertEquals(Metrics.meanStd(unbox(aucs))[0], j.get("aucMean").getAsDouble(), 1e-12);
			assertEquals(Metrics.meanStd(unbox(accAt))[0], j.get("thresholdAccuracyMean").getAsDouble(), 1e-12);
			JsonArray cov = j.getAsJsonObject("conformalSets").getAsJsonArray("coveragePerFold");
			for (int f = 0; f < 3; f++) assertEquals(coverage.get(f), cov.get(f).getAsDouble(), 1e-12);
			pooled[settings - 1] = p;
			targets = y;
		}
		// The comparison of the two on the same images.
		JsonObject cmp = summaries.get(0).getAsJsonObject().getAsJsonObject("run").getAsJsonArray("comparisons").get(0).getAsJsonObject();
		RocComparison again = RocComparison.of(pooled[0], pooled[1], targets, 2000, 5);
		assertEquals(again.aucA, cmp.get("pooledAucA").getAsDouble(), 1e-12);
		assertEquals(again.z, cmp.get("deLongZ").getAsDouble(), 1e-9);
		JsonElement p = cmp.get("deLongP");
		if (again.p < 1e-16) assertEquals("< 1e-16", p.getAsString());
		else assertEquals(again.p, p.getAsDouble(), 1e-12);
		assertEquals(again.bootstrapLow, cmp.getAsJsonArray("bootstrap95CI").get(0).getAsDouble(), 1e-12);
	}

	private static List<CSVRecord> read(Path f) throws Exception {
		try (Reader r = Files.newBufferedReader(f); CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
			return p.getRecords();
		}
	}

	private static double[] pick(double[] v, int[] idx) {
		return java.util.Arrays.stream(idx).mapToDouble(i -> v[i]).toArray();
	}

	private static double[] unbox(List<Double> l) {
		return l.stream().mapToDouble(Double::doubleValue).toArray();
	}
}
