package io.github.bonefracture.report;

import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.engine.KFoldResult;
import io.github.bonefracture.engine.Metrics;
import io.github.bonefracture.engine.Reliability;

import ij.ImagePlus;
import ij.gui.Plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/** A k-fold run's pooled out-of-fold ROC curve and reliability diagram, as ImageJ plots for a screen or a PNG. */
public final class KFoldPlots {

	private KFoldPlots() {}

	/** The ROC curve: sensitivity against 1 - specificity at every threshold. */
	public static Plot roc(KFoldResult r) {
		double[] thresholds = r.oof.clone();
		Arrays.sort(thresholds);
		List<double[]> pts = new ArrayList<>();
		pts.add(new double[] {1, 1});
		for (double t : thresholds) {
			Metrics m = Metrics.of(r.oof, r.targets, t);
			pts.add(new double[] {1 - m.specificity, m.sensitivity});
		}
		pts.add(new double[] {0, 0});
		double[] x = pts.stream().mapToDouble(p -> p[0]).toArray(), y = pts.stream().mapToDouble(p -> p[1]).toArray();
		io.github.bonefracture.engine.AucInterval ci = r.pooledAucCi();
		Plot p = new Plot(String.format(Locale.ROOT, "ROC, %s (out-of-fold AUC %.3f, 95%% CI %.3f-%.3f)", r.name(), r.pooledAuc(), ci.low, ci.high),
			"1 - specificity", "Sensitivity");
		p.setLimits(0, 1, 0, 1);
		p.setColor(Color.LIGHT_GRAY);
		p.addPoints(new double[] {0, 1}, new double[] {0, 1}, Plot.LINE);
		p.setColor(Color.BLUE);
		p.setLineWidth(2);
		p.addPoints(x, y, Plot.LINE);
		p.setLineWidth(1);
		// In the picture, not only the window title: a saved roc.png says what it shows.
		p.setColor(Color.BLACK);
		p.addLegend(String.format(Locale.ROOT, "chance\t%s, AUC %.3f (95%% CI %.3f-%.3f)", r.name(), r.pooledAuc(), ci.low, ci.high), "bottom-right");
		return p;
	}

	/** Observed fracture rate against mean predicted P(fracture) in ten bins: the diagonal is perfect calibration. */
	public static Plot reliability(KFoldResult r) {
		Reliability raw = Reliability.of(r.oof, r.targets, 10);
		Plot p = reliability(r.name(), raw);
		String legend = String.format(Locale.ROOT, "network (Brier %.3f, ECE %.3f)", raw.brier, raw.expectedCalibrationError);
		if (!r.config.calibration.equals("none")) {
			Reliability cal = Reliability.of(r.oofCalibrated, r.targets, 10);
			p.setColor(Color.RED);
			p.addPoints(cal.bins.stream().mapToDouble(b -> b.meanPredicted).toArray(), cal.bins.stream().mapToDouble(b -> b.observed).toArray(),
				Plot.CONNECTED_CIRCLES);
			legend += String.format(Locale.ROOT, "\tcalibrated (%s, Brier %.3f, ECE %.3f)", r.config.calibration, cal.brier, cal.expectedCalibrationError);
		}
		p.setColor(Color.BLACK);
		p.addLegend("perfect calibration\t" + legend, "top-left");
		return p;
	}

	/** A reliability diagram of one set of probabilities: an external test set's, or a k-fold's before calibration. */
	public static Plot reliability(String what, Reliability raw) {
		Plot p = new Plot(String.format(Locale.ROOT, "Reliability, %s (Brier %.3f, ECE %.3f)", what, raw.brier, raw.expectedCalibrationError),
			"Mean predicted P(fracture)", "Observed fracture rate");
		p.setLimits(0, 1, 0, 1);
		p.setColor(Color.LIGHT_GRAY);
		p.addPoints(new double[] {0, 1}, new double[] {0, 1}, Plot.LINE);
		p.setColor(Color.BLUE);
		p.addPoints(raw.bins.stream().mapToDouble(b -> b.meanPredicted).toArray(), raw.bins.stream().mapToDouble(b -> b.observed).toArray(),
			Plot.CONNECTED_CIRCLES);
		return p;
	}

	/** An external test set's reliability diagram, its figures in the legend. */
	public static Plot reliabilityWithLegend(String what, Reliability raw) {
		Plot p = reliability(what, raw);
		p.setColor(Color.BLACK);
		p.addLegend(String.format(Locale.ROOT, "perfect calibration\t%s (Brier %.3f, ECE %.3f)", what, raw.brier, raw.expectedCalibrationError), "top-left");
		return p;
	}

	/** An image as PNG, whole or not at all. */
	public static void savePng(ImagePlus imp, Path file) {
		OutputFiles.write(file, tmp -> {
			if (!ImageIO.write(imp.getBufferedImage(), "png", tmp.toFile())) throw new IOException("no PNG encoder");
		});
	}

	/** What tells one result of a run from the others: its architecture, and its repeat when there are several. */
	public static String name(KFoldResult r, List<KFoldResult> results) {
		boolean repeated = results.stream().anyMatch(x -> x.repeat > 0);
		List<KFoldResult> same = new ArrayList<>();
		for (KFoldResult x : results) if (x.repeat == r.repeat && x.architecture == r.architecture) same.add(x);
		return r.architecture.id() + (same.size() > 1 ? "-settings" + (same.indexOf(r) + 1) : "") + (repeated ? "-repeat" + (r.repeat + 1) : "");
	}

	/** roc[-NAME].png and reliability[-NAME].png for every result of the run. */
	public static void write(List<KFoldResult> results, Path outDir) {
		for (KFoldResult r : results) {
			String name = results.size() > 1 ? "-" + name(r, results) : "";
			savePng(roc(r).getImagePlus(), outDir.resolve("roc" + name + ".png"));
			savePng(reliability(r).getImagePlus(), outDir.resolve("reliability" + name + ".png"));
		}
	}
}
