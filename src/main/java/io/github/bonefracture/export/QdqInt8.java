package io.github.bonefracture.export;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.nets.ActivationRanges;
import io.github.bonefracture.nets.DenseNetSpec;
import io.github.bonefracture.nets.Int8Weights;

import onnx.Onnx.AttributeProto;
import onnx.Onnx.TensorProto;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.HashMap;
import java.util.Map;

/**
 * A DenseNet's int8 arithmetic in ONNX's QDQ form, from the model's own
 * calibration: each BatchNorm+ReLU output that feeds a convolution is
 * quantized to unsigned 8 bits in steps of its range / 255, as the oneDNN
 * int8 plan holds it; every convolution but the stem's takes signed 8-bit
 * weights with one step per output channel ({@link Int8Weights}); a
 * bottleneck's BatchNorm is folded into the convolution before it (weights
 * and an int32 bias), its ReLU and 8-bit output after. ONNX Runtime runs a
 * convolution in 8 bits only when its output is quantized too
 * (qdq_selectors.cc, ConvNodeGroupSelector: DQ inputs, a Q output), so the
 * concatenated outputs (dense layers' 3x3, transitions) are quantized as
 * well, to unsigned 8 bits around 128 in steps of 2 x their calibrated
 * magnitude / 255; the oneDNN plan keeps those in float, the one place the
 * two arithmetics differ. Concatenation, pooling, the stem and the head
 * stay float.
 */
final class QdqInt8 {
	private final ComputationGraph net;
	private final OnnxGraph g;
	private final ActivationRanges ranges;
	/** Bottleneck convolution to the BatchNorm after it, folded into it. */
	private final Map<String, String> folded;
	/** A dequantized value to the step it was quantized in: a convolution reading it takes its input's scale from here. */
	private final Map<String, Float> steps = new HashMap<>();

	private QdqInt8(ComputationGraph net, OnnxGraph g, ActivationRanges ranges, Map<String, String> folded) {
		this.net = net;
		this.g = g;
		this.ranges = ranges;
		this.folded = folded;
	}

	/** The int8 form of net; refuses a model whose calibration cannot quantize it, saying why. */
	static QdqInt8 of(ComputationGraph net, OnnxGraph g, ActivationRanges ranges) {
		DenseNetSpec spec;
		try {
			spec = DenseNetSpec.of(net);
		} catch (IllegalArgumentException e) {
			throw new InvalidInputException("Export --int8: only DenseNet models have an int8 form (" + e.getMessage() + ")");
		}
		ranges.problemFor(spec).ifPresent(problem -> {
			throw new InvalidInputException("Export --int8: this model's int8 calibration does not fit its network (" + problem + ")");
		});
		for (String conv : spec.concatenatedConvolutions())
			if (ranges.outputRange(conv).isEmpty())
				throw new InvalidInputException("Export --int8: this model's int8 calibration has no range for the output of " + conv
					+ " (made before the int8 export); train it again");
		return new QdqInt8(net, g, ranges, spec.bottlenecks());
	}

	/** Whether this BatchNorm is folded into the convolution before it (its vertex adds no node). */
	boolean folds(String bnLayer) {
		return folded.containsValue(bnLayer);
	}

	/** Whether this convolution runs in 8 bits: every one that reads a quantized value. */
	boolean quantizes(String x) {
		return steps.containsKey(x);
	}

	/** After a ReLU whose input is the BatchNorm bn: its output in 8 bits where bn feeds a convolution, else as it is. */
	String afterRelu(String relu, String bn) {
		if (!DenseNetSpec.feedsConvolution(bn) || !ranges.ranges.containsKey(bn)) return relu;
		return quantized(relu, ranges.step(bn), 0);
	}

	/** Q then DQ of x in steps of step around zeroPoint (unsigned 8 bits), sharing one scale and zero point as ONNX Runtime's pairing asks. */
	private String quantized(String x, float step, int zeroPoint) {
		String scale = g.floats(x + "/step", new float[] {step});
		String zero = g.bytes(x + "/zero_point", TensorProto.DataType.UINT8_VALUE, new byte[] {(byte) zeroPoint});
		String q = g.node("QuantizeLinear", x + "/quantized", new String[] {x, scale, zero});
		String dq = g.node("DequantizeLinear", x + "/dequantized", new String[] {q, scale, zero});
		steps.put(dq, step);
		return dq;
	}

	/**
	 * The convolution named name of the quantized x with weights w (OIHW,
	 * oc output channels), its BatchNorm folded in where it has one, its
	 * output quantized where it is concatenated.
	 */
	String conv(String name, String x, float[] w, int oc, java.util.function.Function<String, float[][]> batchNormAffine, AttributeProto... attributes) {
		int per = w.length / oc;
		String bn = folded.get(name);
		float[] bias = null;
		if (bn != null) {
			float[][] st = batchNormAffine.apply(bn);
			for (int o = 0; o < oc; o++) for (int i = 0; i < per; i++) w[o * per + i] *= st[0][o];
			bias = st[1];
		}
		float[] wSteps = Int8Weights.steps(w, oc, per);
		long[] dims = net.getLayer(name).getParam("W").shape();
		String weights = g.node("DequantizeLinear", name + "/W", new String[] {
			g.bytes(name + "/W_int8", TensorProto.DataType.INT8_VALUE, Int8Weights.quantize(w, wSteps, per), dims),
			g.floats(name + "/W_step", wSteps, oc), g.bytes(name + "/W_zero_point", TensorProto.DataType.INT8_VALUE, new byte[oc], oc)},
			OnnxGraph.integer("axis", 0));
		float xStep = steps.get(x);
		String[] in;
		if (bias == null) {
			in = new String[] {x, weights};
		} else {
			// The int32 bias in steps of input step x weight step, as QLinearConv adds it.
			float[] bStep = new float[oc];
			int[] bq = new int[oc];
			for (int o = 0; o < oc; o++) {
				bStep[o] = xStep * wSteps[o];
				bq[o] = (int) Math.rint(bias[o] / bStep[o]);
			}
			in = new String[] {x, weights, g.node("DequantizeLinear", name + "/b", new String[] {
				g.int32s(name + "/b_int32", bq, oc), g.floats(name + "/b_step", bStep, oc), g.int32s(name + "/b_zero_point", new int[oc], oc)},
				OnnxGraph.integer("axis", 0))};
		}
		String conv = g.node("Conv", name, in, attributes);
		if (bn != null) return conv;
		float magnitude = ranges.outputRange(name).orElseThrow();
		return quantized(conv, 2 * magnitude / 255, 128);
	}
}
