package io.github.bonefracture.report;

import io.github.bonefracture.engine.EpochStats;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.engine.Trainer;

import ij.gui.Plot;
import ij.measure.ResultsTable;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loss and accuracy per epoch as one plot that grows as training goes: its
 * series are replaced each epoch, so the plot window's List and Save hold
 * every epoch, not the first.
 */
public final class TrainingCurves implements Trainer.Listener {

	private static final String[] NAMES = {"train loss", "validation loss", "train accuracy", "validation accuracy"};
	private static final Color[] COLOURS = {Color.RED, new Color(0xFF, 0x99, 0x00), Color.BLUE, new Color(0x00, 0x99, 0x00)};

	private final List<EpochStats> epochs = new ArrayList<>();
	private final boolean show;
	private final String title;
	private Plot plot;

	/**
	 * @param show whether the plot opens in a window (never headless)
	 * @param model the model file being trained: the window's title names it, and a rerun for it draws into the same window
	 */
	public TrainingCurves(boolean show, String model) {
		this.show = show;
		this.title = "Training curves: " + model;
	}

	@Override
	public void onEpoch(EpochStats s) {
		epochs.add(s);
		plot = build();
		if (!show) return;
		// One window per title: a rerun (or the next epoch) redraws it whole, colours, legend and all.
		java.awt.Window w = ij.WindowManager.getWindow(title);
		if (w instanceof ij.gui.PlotWindow) ((ij.gui.PlotWindow) w).drawPlot(plot);
		else plot.show();
	}

	/** The plot of every epoch so far, built whole: each series in its colour, named in the legend and in the List's columns. */
	private Plot build() {
		int n = epochs.size();
		float[] x = new float[n];
		float[][] ys = new float[4][n];
		for (int i = 0; i < n; i++) {
			EpochStats e = epochs.get(i);
			x[i] = i + 1;
			ys[0][i] = (float) e.trainLoss;
			ys[1][i] = (float) e.valLoss;
			ys[2][i] = (float) e.trainAccuracy;
			ys[3][i] = (float) e.valAccuracy;
		}
		Plot p = new Plot(title, "Epoch", "Loss / accuracy");
		StringBuilder legend = new StringBuilder();
		for (int i = 0; i < 4; i++) {
			// Without validation images the validation series are all NaN: left out rather than drawn as nothing with a legend entry.
			if (n > 0 && Float.isNaN(ys[i][0])) continue;
			p.setColor(COLOURS[i]);
			p.setLineWidth(2);
			p.addPoints(x, ys[i], null, Plot.LINE, NAMES[i]);
			legend.append(legend.length() == 0 ? "" : "\t").append(NAMES[i]);
		}
		p.setLimits(1, Math.max(2, n), 0, 1.5);
		p.setLineWidth(1);
		p.setColor(Color.BLACK);
		if (legend.length() > 0) p.addLegend(legend.toString());
		return p;
	}

	/** The plot so far (an empty one before the first epoch). */
	public Plot plot() {
		return plot != null ? plot : new Plot(title, "Epoch", "Loss / accuracy");
	}

	public ResultsTable table() {
		ResultsTable t = new ResultsTable();
		for (EpochStats s : epochs) {
			t.incrementCounter();
			t.addValue("Phase", s.phase);
			t.addValue("Epoch", s.epoch);
			t.addValue("Train loss", s.trainLoss);
			t.addValue("Train accuracy", s.trainAccuracy);
			t.addValue("Validation loss", s.valLoss);
			t.addValue("Validation accuracy", s.valAccuracy);
		}
		return t;
	}

	/** training-history.csv and training-curves.png in folder, each whole or not at all. */
	public void save(Path folder) {
		ResultsTable t = table();
		// ImageJ picks the delimiter from the name's extension, which the temporary keeps.
		OutputFiles.write(folder.resolve(HISTORY), tmp -> t.saveAs(tmp.toString()));
		KFoldPlots.savePng(plot().getImagePlus(), folder.resolve(PLOT));
	}

	public static final String HISTORY = "training-history.csv", PLOT = "training-curves.png";
}
