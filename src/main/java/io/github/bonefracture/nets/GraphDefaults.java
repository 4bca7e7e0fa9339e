package io.github.bonefracture.nets;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;

/** What every network of this project starts from, Keras' defaults where DL4J's differ. */
public final class GraphDefaults {
	private GraphDefaults() {}

	/**
	 * The seed to give a DL4J configuration for a user's seed. DL4J takes a
	 * seed of 0 as "none" and initialises from the clock, so a user's seed 0
	 * would silently give a new model each run; it becomes a value outside
	 * the seeds the options accept (+-9e15), every other seed stays itself.
	 */
	public static long dl4jSeed(long seed) {
		return seed == 0 ? Long.MIN_VALUE + 1 : seed;
	}

	static ComputationGraphConfiguration.GraphBuilder start(long seed, IUpdater updater, String input, int height, int width, int channels) {
		return new NeuralNetConfiguration.Builder()
			.seed(dl4jSeed(seed))
			.updater(updater)
			// Keras' glorot_uniform.
			.weightInit(WeightInit.XAVIER_UNIFORM)
			// DL4J's default activation is sigmoid; Keras' convolutions are linear.
			.activation(Activation.IDENTITY)
			// Keeps intermediate activations between forward and backward pass (docs/dl4j-on-cpu.md).
			.cacheMode(CacheMode.DEVICE)
			.convolutionMode(ConvolutionMode.Truncate)
			.graphBuilder()
			.addInputs(input)
			.setInputTypes(InputType.convolutional(height, width, channels));
	}
}
