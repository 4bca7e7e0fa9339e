package io.github.bonefracture.export;

import static io.github.bonefracture.export.OnnxGraph.integer;
import static io.github.bonefracture.export.OnnxGraph.ints;
import static io.github.bonefracture.export.OnnxGraph.real;
import static io.github.bonefracture.export.OnnxGraph.text;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.nets.ActivationRanges;

import onnx.Onnx.AttributeProto;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a DL4J graph's inference computation as ONNX nodes, vertex by
 * vertex in DL4J's topological order, each under the vertex's name: the
 * layers this project's networks use (convolution, zero padding, BatchNorm
 * with the moving statistics, activation, max and average pooling, global
 * pooling, dropout as identity, dense and output layers, concatenation).
 * Anything else is refused by name rather than exported approximately.
 */
final class GraphToOnnx {

	private final ComputationGraph net;
	private final OnnxGraph onnx;
	/** Vertex name to the ONNX value holding its activations. */
	private final Map<String, String> values = new HashMap<>();
	/** Dense and output layers: the ONNX value before their activation (the logit of a sigmoid output). */
	private final Map<String, String> preActivation = new HashMap<>();

	/** The int8 form's rules, or null for float. */
	private final QdqInt8 int8;

	private GraphToOnnx(ComputationGraph net, OnnxGraph onnx, ActivationRanges int8Ranges) {
		this.net = net;
		this.onnx = onnx;
		this.int8 = int8Ranges == null ? null : QdqInt8.of(net, onnx, int8Ranges);
	}

	/** The ONNX values of every vertex and of the dense layers' pre-activations, the network's input bound to input. */
	static GraphToOnnx write(ComputationGraph net, OnnxGraph onnx, String input) {
		return write(net, onnx, input, null);
	}

	/** As {@link #write(ComputationGraph, OnnxGraph, String)}; with int8Ranges, in the int8 QDQ form of {@link QdqInt8}. */
	static GraphToOnnx write(ComputationGraph net, OnnxGraph onnx, String input, ActivationRanges int8Ranges) {
		ComputationGraphConfiguration conf = net.getConfiguration();
		if (conf.getNetworkInputs().size() != 1) throw new InvalidInputException("Export: the network has " + conf.getNetworkInputs().size() + " inputs; one image input is supported");
		GraphToOnnx w = new GraphToOnnx(net, onnx, int8Ranges);
		w.values.put(conf.getNetworkInputs().get(0), input);
		for (String name : conf.getTopologicalOrderStr()) {
			if (w.values.containsKey(name)) continue;
			List<String> ins = conf.getVertexInputs().get(name);
			String[] in = new String[ins.size()];
			for (int i = 0; i < in.length; i++) in[i] = w.values.get(ins.get(i));
			w.values.put(name, w.vertex(name, conf.getVertices().get(name), in, ins));
		}
		return w;
	}

	String value(String vertex) {
		String v = values.get(vertex);
		if (v == null) throw new IllegalArgumentException("no vertex " + vertex);
		return v;
	}

	String preActivation(String layer) {
		String v = preActivation.get(layer);
		if (v == null) throw new InvalidInputException("Export: layer " + layer + " is not a dense or output layer");
		return v;
	}

	private String vertex(String name, GraphVertex v, String[] in, List<String> inputVertices) {
		if (v instanceof MergeVertex) return onnx.node("Concat", name, in, integer("axis", 1));
		if (!(v instanceof LayerVertex)) throw unsupported(name, v.getClass().getSimpleName());
		LayerVertex lv = (LayerVertex) v;
		if (in.length != 1) throw unsupported(name, "a layer with " + in.length + " inputs");
		String x = preprocess(name, lv.getPreProcessor(), in[0]);
		Layer layer = lv.getLayerConf().getLayer();
		if (layer instanceof FrozenLayer) layer = ((FrozenLayer) layer).getLayer();
		String out = layer(name, layer, x);
		return int8 != null && layer instanceof ActivationLayer ? int8.afterRelu(out, inputVertices.get(0)) : out;
	}

	private String preprocess(String name, InputPreProcessor p, String x) {
		if (p == null) return x;
		// DL4J flattens NCHW activations in C order, as ONNX's Flatten does.
		if (p instanceof CnnToFeedForwardPreProcessor) return onnx.node("Flatten", name + "/flatten", new String[] {x}, integer("axis", 1));
		throw unsupported(name, "input preprocessor " + p.getClass().getSimpleName());
	}

	private String layer(String name, Layer layer, String x) {
		if (layer instanceof ConvolutionLayer && layer.getClass() == ConvolutionLayer.class) return convolution(name, (ConvolutionLayer) layer, x);
		if (layer instanceof SubsamplingLayer && layer.getClass() == SubsamplingLayer.class) return pooling(name, (SubsamplingLayer) layer, x);
		if (layer instanceof BatchNormalization) return int8 != null && int8.folds(name) ? x : batchNorm(name, (BatchNormalization) layer, x);
		if (layer instanceof ZeroPaddingLayer) {
			int[] p = ((ZeroPaddingLayer) layer).getPadding(); // top, bottom, left, right
			String pads = onnx.longs(name + "/pads", 0, 0, p[0], p[2], 0, 0, p[1], p[3]);
			return onnx.node("Pad", name, new String[] {x, pads}, text("mode", "constant"));
		}
		if (layer instanceof ActivationLayer) return activation(name, ((ActivationLayer) layer).getActivationFn(), x, name);
		if (layer instanceof DropoutLayer) return x; // inference: identity
		if (layer instanceof GlobalPoolingLayer) {
			GlobalPoolingLayer g = (GlobalPoolingLayer) layer;
			String op = g.getPoolingType() == PoolingType.AVG ? "GlobalAveragePool" : g.getPoolingType() == PoolingType.MAX ? "GlobalMaxPool" : null;
			if (op == null || !g.isCollapseDimensions()) throw unsupported(name, "global " + g.getPoolingType() + " pooling");
			return onnx.node("Flatten", name, new String[] {onnx.node(op, name + "/pool", new String[] {x})}, integer("axis", 1));
		}
		if (layer instanceof DenseLayer || layer instanceof OutputLayer) return dense(name, (BaseLayer) layer, x);
		throw unsupported(name, layer.getClass().getSimpleName());
	}

	private String convolution(String name, ConvolutionLayer c, String x) {
		int[] k = c.getKernelSize(), s = c.getStride(), p = c.getPadding(), d = c.getDilation();
		AttributeProto[] attributes;
		if (c.getConvolutionMode() == ConvolutionMode.Same) {
			// DL4J's "same" puts an odd extra row or column at the bottom or right, as SAME_UPPER does.
			attributes = new AttributeProto[] {ints("kernel_shape", k[0], k[1]), ints("strides", s[0], s[1]), ints("dilations", d[0], d[1]), text("auto_pad", "SAME_UPPER")};
		} else if (c.getConvolutionMode() == ConvolutionMode.Truncate) {
			attributes = new AttributeProto[] {ints("kernel_shape", k[0], k[1]), ints("strides", s[0], s[1]), ints("dilations", d[0], d[1]), ints("pads", p[0], p[1], p[0], p[1])};
		} else {
			throw unsupported(name, "convolution mode " + c.getConvolutionMode());
		}
		INDArray w = net.getLayer(name).getParam("W");
		if (int8 != null && int8.quantizes(x)) {
			if (c.hasBias() || !isIdentity(c.getActivationFn())) throw unsupported(name, "a convolution with a bias or an activation in a DenseNet's int8 form");
			return int8.conv(name, x, floats(w), (int) w.size(0), this::batchNormAffine, attributes);
		}
		String[] in = c.hasBias()
			? new String[] {x, onnx.floats(name + "/W", floats(w), w.shape()), onnx.floats(name + "/b", floats(net.getLayer(name).getParam("b")), c.getNOut())}
			: new String[] {x, onnx.floats(name + "/W", floats(w), w.shape())};
		String conv = name + (isIdentity(c.getActivationFn()) ? "" : "/conv");
		onnx.node("Conv", conv, in, attributes);
		return conv.equals(name) ? name : activation(name, c.getActivationFn(), conv, name);
	}

	private String pooling(String name, SubsamplingLayer s, String x) {
		if (s.getConvolutionMode() != ConvolutionMode.Truncate) throw unsupported(name, "pooling in convolution mode " + s.getConvolutionMode());
		int[] k = s.getKernelSize(), st = s.getStride(), p = s.getPadding(), d = s.getDilation();
		if (d[0] != 1 || d[1] != 1) throw unsupported(name, "dilated pooling");
		if (s.getPoolingType() == PoolingType.MAX)
			return onnx.node("MaxPool", name, new String[] {x}, ints("kernel_shape", k[0], k[1]), ints("strides", st[0], st[1]), ints("pads", p[0], p[1], p[0], p[1]));
		if (s.getPoolingType() == PoolingType.AVG)
			return onnx.node("AveragePool", name, new String[] {x}, ints("kernel_shape", k[0], k[1]), ints("strides", st[0], st[1]), ints("pads", p[0], p[1], p[0], p[1]),
				integer("count_include_pad", s.isAvgPoolIncludePadInDivisor() ? 1 : 0));
		throw unsupported(name, s.getPoolingType() + " pooling");
	}

	/** A BatchNorm layer's gamma, beta, moving mean and variance, as inference uses them. */
	private float[][] batchNormParams(String name) {
		BatchNormalization bn = (BatchNormalization) ((LayerVertex) net.getConfiguration().getVertices().get(name)).getLayerConf().getLayer();
		org.deeplearning4j.nn.api.Layer l = net.getLayer(name);
		int c = (int) bn.getNOut();
		float[] gamma, beta, var;
		if (bn.isLockGammaBeta()) {
			gamma = filled(c, (float) bn.getGamma());
			beta = filled(c, (float) bn.getBeta());
		} else {
			gamma = floats(l.getParam(BatchNormalizationParamInitializer.GAMMA));
			beta = floats(l.getParam(BatchNormalizationParamInitializer.BETA));
		}
		if (bn.isUseLogStd()) {
			// DL4J then stores log10 of the standard deviation.
			float[] logStd = floats(l.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
			var = new float[logStd.length];
			for (int i = 0; i < var.length; i++) var[i] = (float) Math.pow(10, 2.0 * logStd[i]);
		} else {
			var = floats(l.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
		}
		return new float[][] {gamma, beta, floats(l.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN)), var};
	}

	/** A BatchNorm as y = s x + t per channel, {s, t}, computed as the oneDNN plans fold it. */
	private float[][] batchNormAffine(String name) {
		float[][] p = batchNormParams(name);
		double eps = ((BatchNormalization) ((LayerVertex) net.getConfiguration().getVertices().get(name)).getLayerConf().getLayer()).getEps();
		float[] s = new float[p[0].length], t = new float[p[0].length];
		for (int c = 0; c < s.length; c++) {
			s[c] = (float) (p[0][c] / Math.sqrt(p[3][c] + eps));
			t[c] = p[1][c] - p[2][c] * s[c];
		}
		return new float[][] {s, t};
	}

	private String batchNorm(String name, BatchNormalization bn, String x) {
		float[][] p = batchNormParams(name);
		long c = bn.getNOut();
		String[] in = {x, onnx.floats(name + "/scale", p[0], c), onnx.floats(name + "/bias", p[1], c),
			onnx.floats(name + "/mean", p[2], c), onnx.floats(name + "/var", p[3], c)};
		return onnx.node("BatchNormalization", name, in, real("epsilon", (float) bn.getEps()));
	}

	private String dense(String name, BaseLayer layer, String x) {
		INDArray w = net.getLayer(name).getParam("W");
		boolean bias = layer instanceof DenseLayer ? ((DenseLayer) layer).hasBias() : ((OutputLayer) layer).hasBias();
		long out = w.size(1);
		String[] in = bias
			? new String[] {x, onnx.floats(name + "/W", floats(w), w.shape()), onnx.floats(name + "/b", floats(net.getLayer(name).getParam("b")), out)}
			: new String[] {x, onnx.floats(name + "/W", floats(w), w.shape())};
		String gemm = onnx.node("Gemm", name + "/gemm", in);
		preActivation.put(name, gemm);
		return activation(name, layer.getActivationFn(), gemm, name);
	}

	/** The activation as a node named name, or x itself for the identity. */
	private String activation(String name, IActivation fn, String x, String layer) {
		if (isIdentity(fn)) {
			return onnx.node("Identity", name, new String[] {x});
		}
		if (fn.equals(new ActivationReLU())) return onnx.node("Relu", name, new String[] {x});
		if (fn instanceof ActivationSigmoid) return onnx.node("Sigmoid", name, new String[] {x});
		if (fn instanceof ActivationTanH) return onnx.node("Tanh", name, new String[] {x});
		throw unsupported(layer, "activation " + fn);
	}

	private static boolean isIdentity(IActivation fn) {
		return fn == null || fn instanceof ActivationIdentity;
	}

	static float[] floats(INDArray a) {
		return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
	}

	private static float[] filled(int n, float v) {
		float[] f = new float[n];
		java.util.Arrays.fill(f, v);
		return f;
	}

	private static InvalidInputException unsupported(String vertex, String what) {
		return new InvalidInputException("Export: vertex '" + vertex + "' is " + what + ", which the ONNX export does not support");
	}
}
