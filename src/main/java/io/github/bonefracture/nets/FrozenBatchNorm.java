package io.github.bonefracture.nets;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Map;

/**
 * BatchNorm in inference mode while the rest of the network trains, as Keras
 * fine-tuning does: y = gamma (x - mean) / sqrt(var + eps) + beta with the
 * moving statistics, gradients flowing through to earlier layers, nothing of
 * its own updated. Its parameters are laid out exactly like DL4J's
 * BatchNormalization (gamma, beta, mean, var), so a network's parameter
 * vector moves between the two unchanged. DL4J's own FrozenLayerWithBackprop
 * around BatchNormalization fails in the oneDNN helper's backward pass.
 */
public class FrozenBatchNorm extends SameDiffLayer {

	/** DL4J's NoOp updater passes the raw gradient on (a step of 1); a zero rate is what freezes. */
	private static final IUpdater FROZEN = new Sgd(0.0);

	private long channels;
	private double eps;

	/** For JSON. */
	public FrozenBatchNorm() {}

	public FrozenBatchNorm(long channels, double eps) {
		this.channels = channels;
		this.eps = eps;
	}

	public long getChannels() {
		return channels;
	}

	public void setChannels(long channels) {
		this.channels = channels;
	}

	public double getEps() {
		return eps;
	}

	public void setEps(double eps) {
		this.eps = eps;
	}

	@Override
	public InputType getOutputType(int layerIndex, InputType inputType) {
		return inputType;
	}

	@Override
	public void defineParameters(SDLayerParams params) {
		for (String p : new String[] {"gamma", "beta", "mean", "var"}) params.addWeightParam(p, channels);
	}

	@Override
	public void initializeParameters(Map<String, INDArray> params) {
		params.get("gamma").assign(1);
		params.get("beta").assign(0);
		params.get("mean").assign(0);
		params.get("var").assign(1);
	}

	@Override
	public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
		SDVariable scale = p.get("gamma").div(sd.math().sqrt(p.get("var").add(eps)));
		SDVariable shift = p.get("beta").sub(p.get("mean").mul(scale));
		return x.mul(scale.reshape(1, channels, 1, 1)).add(shift.reshape(1, channels, 1, 1));
	}

	@Override
	public IUpdater getUpdaterByParam(String paramName) {
		return FROZEN;
	}

	@Override
	public IUpdater getUpdater() {
		return FROZEN;
	}

	@Override
	public IUpdater getBiasUpdater() {
		return FROZEN;
	}
}
