package io.github.bonefracture.engine;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Early stopping on validation loss, remembering the best parameters. */
final class EarlyStopping {
	final int patience;
	double loss = Double.POSITIVE_INFINITY;
	int epoch;
	INDArray params;
	int since;
	boolean stop;

	EarlyStopping(int patience) {
		this.patience = patience;
	}

	void offer(EpochStats s, ComputationGraph g) {
		if (patience <= 0 || Double.isNaN(s.valLoss)) return;
		if (s.valLoss < loss) {
			loss = s.valLoss;
			epoch = s.globalEpoch;
			params = g.params().dup();
			since = 0;
		} else if (++since >= patience) {
			stop = true;
		}
	}
}
