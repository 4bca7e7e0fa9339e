package io.github.bonefracture.engine;

import io.github.bonefracture.core.CsvCells;
import io.github.bonefracture.core.ReportJson;
import io.github.bonefracture.core.OutputFiles;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A k-fold run's files: folds.csv, predictions.csv, reliability.csv and summary.json, each whole or not at all. */
final class KFoldFiles {

	private KFoldFiles() {}

	/** Each image (its path below the dataset folder) with its fold (from 1) in every repeat. */
	static Map<String, List<Integer>> assignment(io.github.bonefracture.data.Dataset ds, List<KFoldResult> results) {
		Map<String, List<Integer>> m = new LinkedHashMap<>();
		for (KFoldResult r : results) {
			if (r != results.stream().filter(x -> x.repeat == r.repeat).findFirst().orElse(null)) continue;
			for (int i = 0; i < r.samples.size(); i++)
				m.computeIfAbsent(ds.root().relativize(r.samples.get(i).path()).toString().replace('\\', '/'), p -> new ArrayList<>()).add(r.fold[i] + 1);
		}
		return m;
	}

	/** One comparison of two architectures on the same folds, as summary.json records it. */
	static Map<String, Object> comparison(int repeat, String a, String b, int settingsB, RocComparison c) {
		Map<String, Object> e = new LinkedHashMap<>();
		e.put("repeat", repeat);
		e.put("a", a);
		e.put("b", b);
		e.put("settingsA", 1);
		e.put("settingsB", settingsB);
		e.put("pooledAucA", c.aucA);
		e.put("pooledAucB", c.aucB);
		e.put("difference", c.difference);
		e.put("deLongStandardError", c.standardError);
		e.put("deLongZ", c.z);
		// A p-value below what the normal tail resolves beside 1 is a bound, not a number: "< 1e-16".
		e.put("deLongP", c.p >= 1e-16 || Double.isNaN(c.p) ? (Object) c.p : RocComparison.pText(c.p));
		e.put("bootstrap95CI", List.of(c.bootstrapLow, c.bootstrapHigh));
		e.put("bootstrapReplicates", c.bootstrapReplicates);
		e.put("method", "DeLong, DeLong and Clarke-Pearson (1988) on the pooled out-of-fold scores; stratified bootstrap, seed = the repeat's fold seed");
		return e;
	}

	/** folds.csv, predictions.csv and summary.json in outDir. */
	static void write(List<KFoldResult> results, Map<String, Object> run, Path outDir) {
		List<String> header = new ArrayList<>(List.of("architecture", "starting_weights", "settings", "repeat", "fold"));
		header.addAll(results.get(0).folds.get(0).fields().keySet());
		header.addAll(List.of("threshold", "threshold_low", "threshold_high"));
		for (String f : results.get(0).folds.get(0).fields().keySet()) if (!f.equals("images") && !f.equals("loss") && !f.equals("auc")) header.add("at_threshold_" + f);
		header.addAll(List.of("set_coverage", "uncertain_share"));
		OutputFiles.writeStream(outDir.resolve("folds.csv"), out -> {
			CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
				CSVFormat.DEFAULT.builder().setHeader(header.toArray(new String[0])).build());
			for (KFoldResult r : results)
				for (int f = 0; f < r.folds.size(); f++) {
					List<Object> row = new ArrayList<>(List.of(r.architecture.id(), r.config.weights.name().toLowerCase(java.util.Locale.ROOT), r.settings, r.repeat + 1, f + 1));
					row.addAll(r.folds.get(f).fields().values());
					// The same fold at the threshold it learned within its training images, on its calibrated P.
					Decision d = r.decisions.get(f);
					row.addAll(List.of(d.threshold, d.thresholdLow, d.thresholdHigh));
					r.foldsAtThreshold.get(f).fields().forEach((k, v) -> {
						if (!k.equals("images") && !k.equals("loss") && !k.equals("auc")) row.add(v);
					});
					// The conformal sets at the error rate in summary.json (conformalSets.errorRate), from the fold's inner validation split.
					row.add(r.conformal.isEmpty() ? "" : r.conformal.get(f)[0]);
					row.add(r.conformal.isEmpty() ? "" : r.conformal.get(f)[1]);
					csv.printRecord(row);
				}
			csv.flush();
		});
		OutputFiles.writeStream(outDir.resolve("predictions.csv"), out -> {
			CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
				CSVFormat.DEFAULT.builder().setHeader("architecture", "starting_weights", "settings", "repeat", "file", "group", "label", "fold", "p_fracture",
					"p_fracture_calibrated", "prediction_set").build());
			for (KFoldResult r : results)
				for (int i = 0; i < r.oof.length; i++)
					csv.printRecord(r.architecture.id(), r.config.weights.name().toLowerCase(java.util.Locale.ROOT), r.settings, r.repeat + 1,
						CsvCells.text(r.samples.get(i).path()), CsvCells.text(r.samples.get(i).group()), r.samples.get(i).label().displayName(),
						r.fold[i] + 1, r.oof[i], r.oofCalibrated[i], r.predictionSets[i]);
			csv.flush();
		});
		List<Map<String, Object>> summaries = new ArrayList<>();
		for (KFoldResult r : results) {
			Map<String, Object> s = r.summary();
			List<Map<String, Number>> perFold = new ArrayList<>();
			for (Metrics m : r.folds) perFold.add(m.fields());
			s.put("perFold", perFold);
			s.put("training", r.config);
			s.put("run", run);
			s.put(ReportJson.NULL_KEY, ReportJson.NULL_MEANS);
			summaries.add(s);
		}
		OutputFiles.writeStream(outDir.resolve("reliability.csv"), out -> {
			CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
				CSVFormat.DEFAULT.builder().setHeader("architecture", "starting_weights", "settings", "repeat", "probabilities", "bin_low", "bin_high", "mean_predicted", "observed_fracture_rate", "images").build());
			for (KFoldResult r : results) {
				for (boolean cal : new boolean[] {false, true}) {
					if (cal && r.config.calibration.equals("none")) continue;
					for (Reliability.Bin b : Reliability.of(cal ? r.oofCalibrated : r.oof, r.targets, 10).bins)
						csv.printRecord(r.architecture.id(), r.config.weights.name().toLowerCase(java.util.Locale.ROOT), r.settings, r.repeat + 1, cal ? "calibrated" : "network", b.low, b.high, b.meanPredicted, b.observed, b.count);
				}
			}
			csv.flush();
		});
		OutputFiles.writeString(outDir.resolve("summary.json"), ReportJson.gson().toJson(summaries));
	}
}
