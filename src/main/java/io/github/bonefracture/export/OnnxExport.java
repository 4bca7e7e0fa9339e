package io.github.bonefracture.export;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.engine.Calibration;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.engine.ModelMetadata;
import io.github.bonefracture.engine.TrainingDistribution;
import io.github.bonefracture.nets.ActivationRanges;
import io.github.bonefracture.preprocess.Preprocessing;


import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model file as one ONNX graph: the normalised image batch "input"
 * (N x channels x height x width, the model's preprocessing already
 * applied) to "p_fracture" (N x 1), the calibrated P(fracture) the detector
 * reports. Optionally the heatmap's sources: "features", the map the
 * class-activation map weighs, and "cam", that map (N x 1 x h x w, logits:
 * its mean is the network's logit). The model's metadata travels as ONNX
 * metadata properties.
 */
public final class OnnxExport {

	/** The opset the graph is written for: every operator used exists unchanged since 13. */
	public static final int OPSET = 13;
	/** ONNX IR version 7 is the one opset 13 came with; readers of later IRs read it too. */
	static final long IR_VERSION = 7;
	public static final String INPUT = "input";
	public static final String OUTPUT = "p_fracture";
	public static final String FEATURES = "features";
	public static final String CAM = "cam";
	/** Distance to the training data in the pooled feature space (N x 1), as the detector computes it; beyond metadata 'training_data_cutoff' the image is unlike the training data. */
	public static final String DISTANCE = "training_data_distance";
	/** The detector clips P before its calibration's logit to this distance from 0 and 1. */
	static final float CLIP = 1e-7f;

	private OnnxExport() {}

	/** The graph of a model; heatmap adds the features and cam outputs (models with a feature layer). */
	public static ModelProto graph(ModelFile model, boolean heatmap) {
		return graph(model, heatmap, heatmap, true, false, false);
	}

	/**
	 * The model's int8 arithmetic as a QDQ graph ({@link QdqInt8}), from its
	 * own int8 calibration; the same inputs and outputs but the distance to the
	 * training data (int8's features are not the float ones it was described in).
	 */
	public static ModelProto int8Graph(ModelFile model, boolean heatmap) {
		return graph(model, heatmap, heatmap, false, false, true);
	}

	/**
	 * As {@link #graph(ModelFile, boolean)}, features apart (a BioImage.IO
	 * package describes every output, and its cam is enough). rawInput: the
	 * graph takes one grey channel of raw pixel values at any size from the
	 * model's and does all of the plugin's preprocessing itself
	 * ({@link RawImageInput}, then the channels and the normalisation), so a
	 * consumer needs none of its own (JDLL 0.6.1's fixed_zero_mean_unit_variance
	 * with a channel axis fails) and passes the whole image.
	 */
	static ModelProto graph(ModelFile model, boolean heatmap, boolean features, boolean distance, boolean rawInput, boolean int8) {
		ModelMetadata meta = model.metadata;
		ComputationGraph net = model.network;
		checkOutput(net, meta.outputLayer);
		if (heatmap && meta.featureLayer == null)
			throw new InvalidInputException("Export: this model (" + meta.architecture + ") has no feature layer, so no heatmap outputs; export without them");
		Preprocessing pre = meta.preprocessing;
		OnnxGraph g = new OnnxGraph("bone_fracture_detection");
		String netInput = INPUT;
		if (rawInput) {
			if (pre.legacy8Bit())
				throw new InvalidInputException("Export: this model file was made before one intensity rule for every bit depth (it divides 8-bit images by 255); "
					+ "the package's graph windows every image, so it would not give this model's answers. Train the model again to export it as a package, "
					+ "or export --format onnx, which takes the preprocessed image");
			g.input(INPUT, 1L, "height", "width");
			String grey = RawImageInput.unitGrey(g, INPUT, pre);
			String x = pre.channels() == 1 ? grey : g.node("Concat", "preprocess/channels", java.util.Collections.nCopies(pre.channels(), grey).toArray(new String[0]),
				OnnxGraph.integer("axis", 1));
			String centred = g.node("Sub", "preprocess/centred", new String[] {x, g.floats("preprocess/mean", pre.mean(), 1, pre.channels(), 1, 1)});
			netInput = g.node("Div", "preprocess/normalised", new String[] {centred, g.floats("preprocess/std", pre.std(), 1, pre.channels(), 1, 1)});
		} else {
			g.input(INPUT, (long) pre.channels(), (long) pre.height(), (long) pre.width());
		}
		if (int8 && meta.activationRanges == null) throw new InvalidInputException("Export --int8: this model file has no int8 calibration (models trained before int8 existed, or by the DL4J backend); train it again with the oneDNN backend");
		GraphToOnnx w = GraphToOnnx.write(net, g, netInput, int8 ? meta.activationRanges : null);
		calibrated(g, w.value(meta.outputLayer), meta.calibration);
		g.output(OUTPUT, 1L);
		if (heatmap) {
			String map = g.node("Identity", FEATURES, new String[] {w.value(meta.featureLayer)});
			INDArray weights = net.getLayer(meta.outputLayer).getParam("W");
			long c = weights.size(0);
			String[] in = {map, g.floats(CAM + "/W", GraphToOnnx.floats(weights), 1, c, 1, 1),
				g.floats(CAM + "/b", GraphToOnnx.floats(net.getLayer(meta.outputLayer).getParam("b")), 1)};
			g.node("Conv", CAM, in, OnnxGraph.ints("kernel_shape", 1, 1));
			// The map's size follows from the input's through every stride; ONNX Runtime infers it.
			if (features) g.output(FEATURES, c, "h", "w");
			g.output(CAM, 1L, "h", "w");
		}
		if (distance && meta.inDistribution != null && meta.featureLayer != null) distance(g, w.value(meta.featureLayer), meta.inDistribution);
		ModelProto.Builder m = ModelProto.newBuilder()
			.setIrVersion(IR_VERSION)
			.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
			.setProducerName("bone-fracture-detection")
			.setProducerVersion(version())
			.setDocString("Fracture classifier for x-rays (" + meta.architecture + "). Input: the image after the model's preprocessing, "
				+ "see metadata 'preprocessing'. Output p_fracture: calibrated P(Fracture); label Fracture at or above metadata 'threshold'.")
			.setGraph(g.build());
		Map<String, String> props = metadata(meta);
		props.put("arithmetic", int8 ? "int8 (QDQ: 8-bit activations and weights from the model's int8 calibration)" : "float");
		for (Map.Entry<String, String> e : props.entrySet())
			m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
		return m.build();
	}

	/**
	 * A bare network in the int8 QDQ form ({@link QdqInt8}): the image batch
	 * (channels x h x w, already normalised) to the output layer's values, no
	 * calibration, heatmap or metadata; what the benchmark runs as ONNX
	 * Runtime's int8 peer.
	 */
	public static ModelProto int8Network(ComputationGraph net, ActivationRanges ranges, int channels, int h, int w) {
		OnnxGraph g = new OnnxGraph("densenet_int8");
		g.input(INPUT, (long) channels, (long) h, (long) w);
		GraphToOnnx written = GraphToOnnx.write(net, g, INPUT, ranges);
		String outputLayer = net.getConfiguration().getNetworkOutputs().get(0);
		g.node("Identity", OUTPUT, new String[] {written.value(outputLayer)});
		g.output(OUTPUT, net.getLayer(outputLayer).getParam("W").size(1));
		return ModelProto.newBuilder().setIrVersion(IR_VERSION).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
			.setProducerName("bone-fracture-detection").setProducerVersion(version()).setGraph(g.build()).build();
	}

	/** The detector's distance: pooled features, each class's Mahalanobis distance / sqrt(features), the nearer. */
	private static void distance(OnnxGraph g, String featureMap, TrainingDistribution t) {
		int c = t.features;
		String pooled = g.node("ReduceMean", DISTANCE + "/pooled", new String[] {featureMap}, OnnxGraph.ints("axes", 2, 3), OnnxGraph.integer("keepdims", 0));
		String precision = g.floats(DISTANCE + "/inverse_covariance", t.precision(), c, c);
		String[] perClass = new String[t.classMeans.length];
		for (int k = 0; k < perClass.length; k++) {
			float[] mean = new float[c];
			for (int j = 0; j < c; j++) mean[j] = (float) t.classMeans[k][j];
			String diff = g.node("Sub", DISTANCE + "/diff" + k, new String[] {pooled, g.floats(DISTANCE + "/mean" + k, mean, 1, c)});
			String weighted = g.node("Mul", DISTANCE + "/weighted" + k, new String[] {g.node("MatMul", DISTANCE + "/times_precision" + k, new String[] {diff, precision}), diff});
			perClass[k] = g.node("Sqrt", DISTANCE + "/class" + k,
				new String[] {g.node("ReduceMean", DISTANCE + "/mean_square" + k, new String[] {weighted}, OnnxGraph.ints("axes", 1), OnnxGraph.integer("keepdims", 1))});
		}
		g.node("Min", DISTANCE, perClass);
		g.output(DISTANCE, 1L);
	}

	/** Writes the graph atomically. */
	public static void write(ModelFile model, boolean heatmap, Path file) {
		write(model, heatmap, false, file);
	}

	/** Writes the float graph, or with int8 the QDQ one, atomically. */
	public static void write(ModelFile model, boolean heatmap, boolean int8, Path file) {
		ModelProto proto = int8 ? int8Graph(model, heatmap) : graph(model, heatmap);
		OutputFiles.writeStream(file, proto::writeTo);
	}

	/** p_fracture: the output layer's P, through the model's calibration as Calibration.apply computes it. */
	private static void calibrated(OnnxGraph g, String p, Calibration c) {
		if (c == null || c.method == Calibration.Method.NONE) {
			g.node("Identity", OUTPUT, new String[] {p});
			return;
		}
		String clipped = g.node("Clip", "calibration/clip", new String[] {p, g.floats("calibration/min", new float[] {CLIP}), g.floats("calibration/max", new float[] {1 - CLIP})});
		String rest = g.node("Sub", "calibration/1-p", new String[] {g.floats("calibration/one", new float[] {1}), clipped});
		String logit = g.node("Log", "calibration/logit", new String[] {g.node("Div", "calibration/odds", new String[] {clipped, rest})});
		String z = g.node("Add", "calibration/z", new String[] {
			g.node("Mul", "calibration/az", new String[] {logit, g.floats("calibration/a", new float[] {(float) c.a})}),
			g.floats("calibration/b", new float[] {(float) c.b})});
		g.node("Sigmoid", OUTPUT, new String[] {z});
	}

	private static void checkOutput(ComputationGraph net, String outputLayer) {
		if (net.getConfiguration().getNetworkOutputs().size() != 1 || !net.getConfiguration().getNetworkOutputs().get(0).equals(outputLayer))
			throw new InvalidInputException("Export: the network's output is not the model's output layer '" + outputLayer + "'");
		Layer l = net.getLayer(outputLayer).conf().getLayer();
		if (!(l instanceof OutputLayer) || ((OutputLayer) l).getNOut() != 1 || !(((OutputLayer) l).getActivationFn() instanceof ActivationSigmoid))
			throw new InvalidInputException("Export: output layer '" + outputLayer + "' is not one sigmoid unit (P(fracture))");
	}

	/** What the model file says of itself, as ONNX metadata properties. */
	static Map<String, String> metadata(ModelMetadata meta) {
		Map<String, String> m = new LinkedHashMap<>();
		m.put("classes", String.join(",", meta.classes));
		m.put("positive_class", meta.positiveClass);
		m.put("output", "p_fracture: P(" + meta.positiveClass + ")" + (meta.calibrated() ? ", calibrated" : ""));
		m.put("threshold", Double.toString(meta.threshold));
		m.put("calibration", meta.calibration == null ? "none" : meta.calibration.toString());
		m.put("preprocessing", meta.preprocessing.toJson());
		if (meta.inDistribution != null) m.put("training_data_cutoff", Double.toString(meta.inDistribution.cutoff));
		// Without the machine's local paths: the graph travels.
		m.put("bone_fracture_detection.metadata", SharedMetadata.json(meta));
		return m;
	}

	private static String version() {
		String v = OnnxExport.class.getPackage().getImplementationVersion();
		return v == null ? "development" : v;
	}
}
