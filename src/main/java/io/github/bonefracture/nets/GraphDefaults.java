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
final class GraphDefaults {
	private GraphDefaults() {}

	static ComputationGraphConfiguration.GraphBuilder start(long seed, IUpdater updater, String input, int height, int width, int channels) {
		return new NeuralNetConfiguration.Builder()
			.seed(seed)
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
