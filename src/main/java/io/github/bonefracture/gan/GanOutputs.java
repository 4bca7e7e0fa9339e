package io.github.bonefracture.gan;

import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.preprocess.FloatImage;
import io.github.bonefracture.render.Png;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.process.ByteProcessor;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What generator training leaves in its output folder: a grid of samples
 * per epoch (one row per class, the same noise every epoch so that epochs
 * compare), gan-losses.csv rewritten after each epoch, gan-losses.png at
 * the end. Every file is written whole or not at all.
 */
public final class GanOutputs implements GanTrainer.Listener {
	static final int GRID_COLUMNS = 8;
	private static final long GRID_SEED = 20_201_201L;

	private final Path dir;
	private final List<GanTrainer.Epoch> epochs = new ArrayList<>();

	public GanOutputs(Path dir) {
		this.dir = dir;
	}

	@Override
	public void epoch(GanTrainer.Epoch e, Generator g) {
		epochs.add(e);
		Path grid = dir.resolve("grids").resolve(String.format(Locale.ROOT, "epoch-%04d.png", e.epoch));
		byte[] png = Png.encode(new ImagePlus("epoch " + e.epoch, grid(g)));
		OutputFiles.writeStream(grid, out -> out.write(png));
		OutputFiles.writeString(dir.resolve("gan-losses.csv"), csv());
	}

	/** The loss curves as a plot, written at the end of training. */
	public void finish() {
		if (epochs.isEmpty()) return;
		double[] x = epochs.stream().mapToDouble(e -> e.epoch).toArray();
		Plot p = new Plot("Generator training", "epoch", "hinge loss");
		p.setColor(Color.RED);
		p.addPoints(x, epochs.stream().mapToDouble(e -> e.discriminatorLoss).toArray(), Plot.LINE);
		p.setColor(Color.BLUE);
		p.addPoints(x, epochs.stream().mapToDouble(e -> e.generatorLoss).toArray(), Plot.LINE);
		p.setColor(Color.BLACK);
		p.addLegend("discriminator\ngenerator");
		p.setLimitsToFit(false);
		byte[] png = Png.encode(p.getImagePlus());
		OutputFiles.writeStream(dir.resolve("gan-losses.png"), out -> out.write(png));
	}

	private String csv() {
		StringBuilder b = new StringBuilder("epoch,discriminator_loss,generator_loss,real_score,fake_score,seconds\n");
		for (GanTrainer.Epoch e : epochs)
			b.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.3f%n", e.epoch, e.discriminatorLoss, e.generatorLoss, e.realScore, e.fakeScore, e.seconds));
		return b.toString();
	}

	/** One row per class (Normal, then Fracture), GRID_COLUMNS samples each, 2 px apart. */
	static ByteProcessor grid(Generator g) {
		int s = g.size(), gap = 2;
		ByteProcessor bp = new ByteProcessor(GRID_COLUMNS * (s + gap) - gap, Label.values().length * (s + gap) - gap);
		bp.setColor(255);
		bp.fill();
		for (Label l : Label.values()) {
			List<FloatImage> row = g.sample(l, GRID_COLUMNS, GRID_SEED);
			for (int i = 0; i < row.size(); i++) bp.insert(row.get(i).to8bit(), i * (s + gap), l.target() * (s + gap));
		}
		return bp;
	}
}
