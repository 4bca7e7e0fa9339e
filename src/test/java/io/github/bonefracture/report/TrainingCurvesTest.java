package io.github.bonefracture.report;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.engine.Trainer;

import ij.measure.ResultsTable;

import org.junit.jupiter.api.Test;

/** The training plot's own data (what its List and Save show) holds every epoch, not the first. */
class TrainingCurvesTest {

	@Test
	void thePlotsDataGrowsWithEveryEpoch() {
		TrainingCurves curves = new TrainingCurves(false);
		for (int e = 1; e <= 3; e++) curves.onEpoch(new Trainer.EpochStats("head", e, 3, e, 1.0 / e, 0.5 + e / 10.0, 1.2 / e, 0.4 + e / 10.0));
		ResultsTable data = curves.plot().getResultsTable();
		assertEquals(3, data.size(), data.toString());
		assertEquals(1.0 / 3, data.getValueAsDouble(1, 2), 1e-6, "the third epoch's train loss");
		assertEquals(3, curves.table().size());
	}
}
