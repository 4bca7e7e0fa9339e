package io.github.bonefracture.backend;

import io.github.bonefracture.nets.StepResult;

import org.deeplearning4j.nn.graph.ComputationGraph;

/** Steps of training on one network, and its trained parameters written back into the graph. */
public interface Training extends AutoCloseable {

	/**
	 * One optimiser step on a batch: x in NCHW (or one row per image for a
	 * head), shape its dimensions, y the 0/1 targets, weights per image (null: all 1)
	 * as Keras weighs samples: the batch's loss is the mean of weight x loss.
	 */
	StepResult fit(float[] x, long[] shape, float[] y, float[] weights);

	/** Writes the trained parameters (and BatchNorm's moving statistics) into g, the graph training started from. */
	void copyInto(ComputationGraph g);

	@Override
	void close();
}
