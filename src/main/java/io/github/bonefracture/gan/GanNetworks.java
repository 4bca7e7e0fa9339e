package io.github.bonefracture.gan;

import io.github.bonefracture.nets.GraphDefaults;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The two networks of a class-conditional DCGAN-style GAN for grey images.
 * Generator: latent vector and one-hot class, a dense layer to 4x4, then
 * per step nearest upsampling, 3x3 convolution, BatchNorm and ReLU, and a
 * sigmoid to grey in [0, 1]. Discriminator: the image with one constant
 * plane per class, stride-2 4x4 convolutions with leaky ReLU down to 4x4,
 * one linear score (hinge loss; no output layer, the loss is applied by
 * {@link GanTrainer}). Neither ends in a DL4J output layer, so gradients can
 * be fed in from outside.
 */
final class GanNetworks {
	static final int CLASSES = 2;

	private GanNetworks() {}

	static MultiLayerConfiguration generator(GanConfig c) {
		NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(GraphDefaults.dl4jSeed(c.seed)).trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE).weightInit(WeightInit.RELU)
			.updater(new Adam(c.learningRate, c.beta1, 0.999, 1e-8)).list();
		int ch = c.channels(0);
		b.layer(new DenseLayer.Builder().nOut(16L * ch).activation(Activation.IDENTITY).build());
		b.inputPreProcessor(1, new org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor(4, 4, ch));
		b.layer(new BatchNormalization.Builder().activation(Activation.RELU).build());
		for (int i = 1; i <= c.steps(); i++) {
			b.layer(new Upsampling2D.Builder(2).build());
			b.layer(new ConvolutionLayer.Builder(3, 3).nOut(c.channels(i)).convolutionMode(ConvolutionMode.Same).hasBias(false)
				.activation(Activation.IDENTITY).build());
			b.layer(new BatchNormalization.Builder().activation(Activation.RELU).build());
		}
		b.layer(new ConvolutionLayer.Builder(3, 3).nOut(1).convolutionMode(ConvolutionMode.Same).weightInit(WeightInit.XAVIER)
			.activation(Activation.SIGMOID).build());
		return b.setInputType(InputType.feedForward(c.latentSize + CLASSES)).build();
	}

	static MultiLayerConfiguration discriminator(GanConfig c) {
		NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(GraphDefaults.dl4jSeed(c.seed + 1)).trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE).weightInit(WeightInit.XAVIER)
			.updater(new Adam(c.learningRate, c.beta1, 0.999, 1e-8)).list();
		for (int k = 0; k < c.steps(); k++) {
			b.layer(new ConvolutionLayer.Builder(4, 4).stride(2, 2).nOut(c.width * Math.min(8, 1 << k))
				.convolutionMode(ConvolutionMode.Same).activation(new ActivationLReLU(0.2)).build());
		}
		b.layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build());
		return b.setInputType(InputType.convolutional(c.imageSize, c.imageSize, 1 + CLASSES)).build();
	}
}
