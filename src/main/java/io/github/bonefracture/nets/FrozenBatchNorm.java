package io.github.bonefracture.nets;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Collection;
import java.util.Map;

/**
 * BatchNorm in inference mode while the rest of the network trains, as Keras
 * fine-tuning does: y = gamma (x - mean) / sqrt(var + eps) + beta with the
 * moving statistics, the gradient passed on to earlier layers, nothing of its
 * own updated. It is DL4J's BatchNormalization configuration, so the
 * parameters are laid out the same and a network's parameter vector moves
 * between the two unchanged. DL4J's FrozenLayerWithBackprop around
 * BatchNormalization fails in the oneDNN helper's backward pass.
 */
public class FrozenBatchNorm extends BatchNormalization {

	/** For JSON. */
	public FrozenBatchNorm() {}

	/** The same layer as bn (name, channels, epsilon), frozen. */
	public static FrozenBatchNorm of(BatchNormalization bn) {
		if (bn.isUseLogStd()) throw new IllegalArgumentException("layer " + bn.getLayerName() + " stores log std; build it with useLogStd(false)");
		FrozenBatchNorm f = new FrozenBatchNorm();
		f.setLayerName(bn.getLayerName());
		f.setNIn(bn.getNIn());
		f.setNOut(bn.getNOut());
		f.setEps(bn.getEps());
		f.setDecay(bn.getDecay());
		f.setUseLogStd(false);
		f.setCnn2DFormat(bn.getCnn2DFormat());
		f.setIUpdater(bn.getIUpdater());
		f.setBiasUpdater(bn.getBiasUpdater());
		return f;
	}

	@Override
	public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
		int layerIndex, INDArray params, boolean initializeParams, DataType dataType)
	{
		LayerValidation.assertNOutSet("FrozenBatchNorm", getLayerName(), layerIndex, getNOut());
		Impl layer = new Impl(conf, dataType);
		layer.setListeners(listeners);
		layer.setIndex(layerIndex);
		layer.setParamsViewArray(params);
		ParamInitializer init = initializer();
		layer.setParamTable(init.init(conf, params, initializeParams));
		layer.setConf(conf);
		return layer;
	}

	/** Forward always with the moving statistics; backward only through the per-channel scale. */
	static final class Impl extends org.deeplearning4j.nn.layers.normalization.BatchNormalization {
		Impl(NeuralNetConfiguration conf, DataType dataType) {
			super(conf, dataType);
		}

		@Override
		public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
			return super.activate(false, mgr);
		}

		@Override
		public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
			BatchNormalization c = (BatchNormalization) conf.getLayer();
			INDArray gamma = getParam(BatchNormalizationParamInitializer.GAMMA).reshape(-1);
			INDArray var = getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).reshape(-1);
			INDArray scale = gamma.div(Transforms.sqrt(var.add(c.getEps()), false)).castTo(epsilon.dataType());
			INDArray out = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(), 'c');
			Broadcast.mul(epsilon, scale, out, 1);
			Gradient g = new DefaultGradient();
			for (Map.Entry<String, INDArray> e : gradientViews.entrySet()) {
				e.getValue().assign(0);
				g.setGradientFor(e.getKey(), e.getValue());
			}
			return new Pair<>(g, out);
		}
	}
}
