package io.github.bonefracture.report;

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
	private static final Color[] COLOURS = {Color.RED, Color.MAGENTA, Color.BLUE, Color.CYAN};

	private final List<Trainer.EpochStats> epochs = new ArrayList<>();
	private final boolean show;
	private Plot plot;

	/** @param show whether the plot opens in a window (never headless) */
	public TrainingCurves(boolean show) {
		this.show = show;
	}

	@Override
	public void onEpoch(Trainer.EpochStats s) {
		epochs.add(s);
		double[] x = new double[epochs.size()];
		double[][] ys = new double[4][epochs.size()];
		for (int i = 0; i < epochs.size(); i++) {
			Trainer.EpochStats e = epochs.get(i);
			x[i] = i + 1;
			ys[0][i] = e.trainLoss;
			ys[1][i] = e.valLoss;
			ys[2][i] = e.trainAccuracy;
			ys[3][i] = e.valAccuracy;
		}
		if (plot == null) {
			plot = new Plot("Training curves", "Epoch", "Loss / accuracy");
			for (int i = 0; i < 4; i++) {
				plot.setColor(COLOURS[i]);
				plot.addPoints(x, ys[i], Plot.LINE);
			}
			plot.addLegend(String.join("\n", NAMES));
			plot.setLimits(1, 2, 0, 1.5);
			if (show) plot.show();
		} else {
			for (int i = 0; i < 4; i++) plot.replace(i, "line", x, ys[i]);
			plot.setLimits(1, Math.max(2, x.length), 0, 1.5);
			plot.updateImage();
		}
	}

	/** The plot so far (an empty one before the first epoch). */
	public Plot plot() {
		return plot != null ? plot : new Plot("Training curves", "Epoch", "Loss / accuracy");
	}

	public ResultsTable table() {
		ResultsTable t = new ResultsTable();
		for (Trainer.EpochStats s : epochs) {
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
