package io.github.bonefracture.backend.dl4j;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.backend.BaseFeatures;
import io.github.bonefracture.backend.Inference;
import io.github.bonefracture.backend.Training;
import io.github.bonefracture.nets.BatchNormMode;
import io.github.bonefracture.nets.DenseNet121;
import io.github.bonefracture.nets.StepResult;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * DL4J's own graph computes everything: the reference path the tests hold
 * the others to, and the path on platforms where oneDNN's library does not load.
 */
public final class Dl4jBackend implements Backend {

	@Override
	public String name() {
		return "DL4J";
	}

	@Override
	public BaseFeatures base(ComputationGraph g, boolean bf16) {
		return new BaseFeatures() {
			@Override
			public int featureChannels() {
				return (int) g.getLayer(DenseNet121.OUTPUT).getParam("W").size(0);
			}

			@Override
			public float[] features(float[] nchw, int n, int h, int w, int[] shapeOut) {
				INDArray f = activations(nchw, n, h, w).get(DenseNet121.FEATURES);
				for (int i = 0; i < 4; i++) shapeOut[i] = (int) f.size(i);
				return f.dup('c').data().asFloat();
			}

			@Override
			public float[][] pooled(float[] nchw, int n, int h, int w) {
				return activations(nchw, n, h, w).get(DenseNet121.POOL).toFloatMatrix();
			}

			private Map<String, INDArray> activations(float[] nchw, int n, int h, int w) {
				INDArray x = Nd4j.create(nchw, new long[] {n, nchw.length / ((long) n * h * w), h, w}, 'c');
				synchronized (g) {
					return g.feedForward(x, false);
				}
			}

			@Override
			public void reload() {
				// The graph itself computes: it always has its current parameters.
			}

			@Override
			public void close() {
				// Nothing outside the graph.
			}
		};
	}

	@Override
	public Inference inference(ComputationGraph g, String featureLayer, String outputLayer, boolean bf16) {
		return new Inference() {
			@Override
			public Output run(float[] data, long[] shape, boolean withFeatures) {
				int n = (int) shape[0];
				INDArray x = Nd4j.create(data, shape, 'c');
				INDArray out, features = null;
				synchronized (g) {
					if (withFeatures && featureLayer != null) {
						Map<String, INDArray> acts = g.feedForward(x, false);
						out = acts.get(outputLayer).dup();
						features = acts.get(featureLayer).dup('c');
					} else {
						out = g.outputSingle(false, x).dup();
					}
				}
				double[] p = new double[n];
				for (int k = 0; k < n; k++) p[k] = out.getDouble(k, 0);
				if (features == null) return new Output(p, null, null);
				int[] fs = {(int) features.size(0), (int) features.size(1), (int) features.size(2), (int) features.size(3)};
				return new Output(p, features.data().asFloat(), fs);
			}

			@Override
			public void reload() {
				// The graph itself computes.
			}

			@Override
			public void close() {
				// Nothing outside the graph.
			}
		};
	}

	/**
	 * DL4J's fit on g itself: g carries the phase's updater, frozen layers and
	 * seed. Image weights go to the output layer's loss (ImageWeightedLoss),
	 * installed for this training only.
	 */
	@Override
	public Training training(ComputationGraph g, BatchNormMode mode, double learningRate, long seed) {
		Logits logits = new Logits(g);
		org.deeplearning4j.nn.conf.layers.Layer last = g.getOutputLayer(0).conf().getLayer();
		if (!(last instanceof BaseOutputLayer))
			throw new IllegalArgumentException("DL4J trains a network that ends in an output layer; " + last.getLayerName() + " is a " + last.getClass().getSimpleName());
		BaseOutputLayer out = (BaseOutputLayer) last;
		ImageWeightedLoss loss = new ImageWeightedLoss(out);
		out.setLossFn(loss);
		g.setListeners(logits);
		return new Training() {
			@Override
			public StepResult fit(float[] x, long[] shape, float[] y, float[] weights) {
				int n = (int) shape[0];
				INDArray features = Nd4j.create(x, shape, 'c');
				INDArray labels = Nd4j.create(y, new long[] {n, 1}, 'c');
				loss.weigh(weights == null ? null : Nd4j.create(weights, new long[] {n, 1}, 'c'));
				logits.last = null;
				g.fit(new MultiDataSet(features, labels));
				return new StepResult(g.score(), logits.last);
			}

			@Override
			public void copyInto(ComputationGraph target) {
				if (target != g) target.setParams(g.params());
			}

			@Override
			public void close() {
				g.setListeners();
				out.setLossFn(loss.unweighted());
			}
		};
	}

	@Override
	public boolean bf16Native(ComputationGraph g) {
		return false;
	}

	/**
	 * Each image's logit from the forward pass training does anyway (with
	 * dropout, as Keras reports accuracy): the output layer's input times its weights.
	 */
	private static final class Logits extends BaseTrainingListener {
		private final String outputInput;
		private final String output;
		float[] last;

		Logits(ComputationGraph g) {
			output = g.getConfiguration().getNetworkOutputs().get(0);
			outputInput = g.getConfiguration().getVertexInputs().get(output).get(0);
		}

		@Override
		public void onForwardPass(Model model, Map<String, INDArray> activations) {
			INDArray in = activations.get(outputInput);
			if (in == null || last != null) return;
			Map<String, INDArray> p = ((ComputationGraph) model).getLayer(output).paramTable();
			INDArray z = in.mmul(p.get("W")).addiRowVector(p.get("b"));
			last = z.getColumn(0).dup().toFloatVector();
		}
	}
}
