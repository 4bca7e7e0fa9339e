package io.github.bonefracture.report;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.engine.EpochStats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import javax.imageio.ImageIO;

/**
 * The saved training curves after several epochs: every series still in
 * its own colour (an earlier version redrew all four in the last colour
 * from the second epoch on and lost the legend), and the List's columns
 * named after the series.
 */
class TrainingCurvesTest {

	@TempDir
	Path dir;

	@Test
	void everySeriesKeepsItsColourAndNameInEveryRedraw() throws Exception {
		TrainingCurves c = new TrainingCurves(false, "m.zip");
		for (int e = 1; e <= 4; e++) c.onEpoch(new EpochStats("Phase 1", e, 4, e, 1.0 / e, 0.5 + e / 10.0, 1.2 / e, 0.4 + e / 10.0));
		c.save(dir);
		BufferedImage png = ImageIO.read(dir.resolve(TrainingCurves.PLOT).toFile());
		Set<Integer> colours = new HashSet<>();
		for (int y = 0; y < png.getHeight(); y++) for (int x = 0; x < png.getWidth(); x++) colours.add(png.getRGB(x, y) & 0xFFFFFF);
		for (int rgb : new int[] {0xFF0000, 0xFF9900, 0x0000FF, 0x009900}) assertTrue(colours.contains(rgb), String.format("colour %06x drawn", rgb));
		// The plot window's List with the series' names as columns (ImageJ's List shows labels where the series have them).
		String headings = String.join(",", c.plot().getResultsTableWithLabels().getHeadings());
		for (String name : new String[] {"train loss", "validation loss", "train accuracy", "validation accuracy"})
			assertTrue(headings.replace('_', ' ').contains(name), headings);
		assertFalse(Arrays.asList(c.plot().getResultsTableWithLabels().getHeadings()).contains("Y1"), headings);
		assertEquals("Training curves: m.zip", c.plot().getTitle());
	}

	/** The plot's own data (what its List and Save show) holds every epoch, not the first. */
	@Test
	void thePlotsDataGrowsWithEveryEpoch() {
		TrainingCurves curves = new TrainingCurves(false, "m.zip");
		for (int e = 1; e <= 3; e++) curves.onEpoch(new EpochStats("head", e, 3, e, 1.0 / e, 0.5 + e / 10.0, 1.2 / e, 0.4 + e / 10.0));
		ij.measure.ResultsTable data = curves.plot().getResultsTable();
		assertEquals(3, data.size(), data.toString());
		assertEquals(1.0 / 3, data.getValueAsDouble(1, 2), 1e-6, "the third epoch's train loss");
		assertEquals(3, curves.table().size());
	}
}
