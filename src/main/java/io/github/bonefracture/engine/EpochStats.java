package io.github.bonefracture.engine;

/** One epoch's training and validation figures, as the log, the plot and a model file's history show them. */
public final class EpochStats {
	public final String phase;
	public final int epoch;
	public final int epochs;
	/** Counting every epoch of every phase, from 1. */
	public final int globalEpoch;
	public final double trainLoss;
	public final double trainAccuracy;
	public final double valLoss;
	public final double valAccuracy;

	public EpochStats(String phase, int epoch, int epochs, int globalEpoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy) {
		this.phase = phase;
		this.epoch = epoch;
		this.epochs = epochs;
		this.globalEpoch = globalEpoch;
		this.trainLoss = trainLoss;
		this.trainAccuracy = trainAccuracy;
		this.valLoss = valLoss;
		this.valAccuracy = valAccuracy;
	}

	@Override
	public String toString() {
		String v = Double.isNaN(valLoss) ? "" : String.format("  |  val loss %.4f  val accuracy %.3f", valLoss, valAccuracy);
		return String.format("%s epoch %d/%d: loss %.4f  accuracy %.3f%s", phase, epoch, epochs, trainLoss, trainAccuracy, v);
	}
}
