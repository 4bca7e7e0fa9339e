package io.github.bonefracture.export;

import io.github.bonefracture.preprocess.Preprocessing;

import onnx.Onnx.TensorProto.DataType;

/**
 * The plugin's preprocessing as ONNX operations, so that a consumer gives the
 * graph the x-ray as it comes: one grey channel of raw pixel values (8-, 16-bit
 * or float, batch 1) at any size from the model's own upwards. The same steps
 * as {@link Preprocessing}, in the same arithmetic where it matters:
 * <ol>
 * <li>The window: every step-th value (step = max(1, pixels / 1 000 000)),
 * sorted (TopK), the two percentiles by linear interpolation between order
 * statistics in double precision, a flat image windowed between its minimum
 * and maximum, values mapped to [0, 1] and clipped.</li>
 * <li>ImageJ's resize with averaging (ij.process.DownsizeTable with the
 * bilinear kernel): each output pixel a tent-weighted mean of the source
 * pixels within one output pixel of it, weights 1 - |distance| normalised
 * per output pixel, edge pixels repeated beyond the border; width first,
 * then height, as two matrix products. At the model's own size the weights
 * are the identity, as the plugin leaves such an image alone.</li>
 * </ol>
 * Left to the consumer, and stated in the package: bone bright (invert DICOM
 * MONOCHROME1), grey (no RGB), no NaN values, each side at least the model's.
 */
final class RawImageInput {

	private RawImageInput() {}

	/** Adds the steps from the graph input to the model's unit-grey image, N x 1 x height x width; returns its name. */
	static String unitGrey(OnnxGraph g, String input, Preprocessing pre) {
		String shape = g.node("Shape", "raw/shape", new String[] {input});
		String height = g.node("Gather", "raw/height", new String[] {shape, g.longScalar("raw/axis_y", 2)}, OnnxGraph.integer("axis", 0));
		String width = g.node("Gather", "raw/width", new String[] {shape, g.longScalar("raw/axis_x", 3)}, OnnxGraph.integer("axis", 0));
		String image = g.node("Reshape", "raw/image", new String[] {input,
			g.node("Slice", "raw/height_width", new String[] {shape, g.longs("raw/from_y", 2), g.longs("raw/to_x", 4)})});
		String unit = window(g, input, image, pre);
		String wx = weights(g, "raw/resize_x", width, pre.width());
		String wy = weights(g, "raw/resize_y", height, pre.height());
		// Pad's pads: y and x at the start, then the same at the end.
		String padY = unsqueezed(g, wy + "/pad"), padX = unsqueezed(g, wx + "/pad");
		String pads = g.node("Concat", "raw/pads", new String[] {padY, padX, padY, padX}, OnnxGraph.integer("axis", 0));
		String padded = g.node("Pad", "raw/padded", new String[] {unit, pads}, OnnxGraph.text("mode", "edge"));
		String alongX = g.node("MatMul", "raw/resized_x", new String[] {padded,
			g.node("Transpose", "raw/resize_x/transposed", new String[] {wx}, OnnxGraph.ints("perm", 1, 0))});
		String resized = g.node("MatMul", "raw/resized", new String[] {wy, alongX});
		return g.node("Reshape", "raw/unit_grey", new String[] {resized, g.longs("raw/model_shape", 1, 1, pre.height(), pre.width())});
	}

	private static String unsqueezed(OnnxGraph g, String scalar) {
		return g.node("Unsqueeze", scalar + "/1d", new String[] {scalar, g.longs(scalar + "/axes", 0)});
	}

	/** Preprocessing.window: the image's values between two percentiles of a sample of them, to [0, 1]. */
	private static String window(OnnxGraph g, String input, String image, Preprocessing pre) {
		String all = g.node("Reshape", "window/all", new String[] {input, g.longs("window/flat", -1)});
		String count = g.node("Size", "window/count", new String[] {input});
		String step = g.node("Max", "window/step", new String[] {
			g.node("Div", "window/per_million", new String[] {count, g.longScalar("window/million", 1_000_000)}), g.longScalar("window/one", 1)});
		String sample = g.node("Slice", "window/sample", new String[] {all, g.longs("window/start", 0), unsqueezed(g, count),
			g.longs("window/axis", 0), unsqueezed(g, step)});
		String n = g.node("Shape", "window/n", new String[] {sample});
		String sorted = g.nodeWithOutputs("TopK", "window/sort", new String[] {"values", "indices"}, new String[] {sample, n},
			OnnxGraph.integer("largest", 0), OnnxGraph.integer("sorted", 1))[0];
		String last = g.node("Sub", "window/last_index", new String[] {n, g.longs("window/one_1d", 1)});
		String lo = percentile(g, "window/low", sorted, last, pre.windowLowPercentile());
		String hi = percentile(g, "window/high", sorted, last, pre.windowHighPercentile());
		// A flat image: between its minimum and maximum (both equal: 0.5 everywhere).
		String flat = g.node("LessOrEqual", "window/flat_image", new String[] {hi, lo});
		lo = g.node("Where", "window/lo", new String[] {flat, g.node("Gather", "window/min", new String[] {sorted, g.longs("window/zero_1d", 0)}), lo});
		hi = g.node("Where", "window/hi", new String[] {flat, g.node("Gather", "window/max", new String[] {sorted, last}), hi});
		String range = g.node("Sub", "window/range", new String[] {hi, lo});
		String scaled = g.node("Div", "window/scaled", new String[] {g.node("Sub", "window/shifted", new String[] {image, lo}), range});
		String some = g.node("Greater", "window/has_range", new String[] {range, g.floats("window/zero", new float[] {0})});
		String value = g.node("Where", "window/value", new String[] {some, scaled, g.floats("window/half", new float[] {0.5f})});
		return g.node("Clip", "window/unit", new String[] {value, g.floats("window/clip_min", new float[] {0}), g.floats("window/clip_max", new float[] {1})});
	}

	/** Preprocessing.percentile: linear between order statistics, the position and blend in double, the gap in float, as in Java. */
	private static String percentile(OnnxGraph g, String name, String sorted, String last, double p) {
		String position = g.node("Mul", name + "/position", new String[] {g.cast(name + "/last", last, DataType.DOUBLE_VALUE),
			g.doubles(name + "/fraction", new double[] {p / 100.0}, 1)});
		// Floor of a non-negative value as a cast to integers (truncation): ONNX Runtime 1.13, JDLL's, has no double Floor.
		String i = g.cast(name + "/i", position, DataType.INT64_VALUE);
		String f = g.node("Sub", name + "/f", new String[] {position, g.cast(name + "/below", i, DataType.DOUBLE_VALUE)});
		String next = g.node("Min", name + "/next", new String[] {g.node("Add", name + "/i+1", new String[] {i, g.longs(name + "/one", 1)}), last});
		String a = g.node("Gather", name + "/a", new String[] {sorted, i});
		String gap = g.node("Sub", name + "/gap", new String[] {g.node("Gather", name + "/b", new String[] {sorted, next}), a});
		String v = g.node("Add", name + "/value_double", new String[] {g.cast(name + "/a_double", a, DataType.DOUBLE_VALUE),
			g.node("Mul", name + "/step", new String[] {f, g.cast(name + "/gap_double", gap, DataType.DOUBLE_VALUE)})});
		return g.cast(name + "/value", v, DataType.FLOAT_VALUE);
	}

	/**
	 * ImageJ's downsizing weights along one axis, model size x (source + 2 pad):
	 * for output pixel d and source pixel s (s beyond the image repeats the
	 * edge pixel), 1 - |d + 0.5 - (s + 0.5) / scale| where positive, scale =
	 * source / model size, normalised to sum 1 per output pixel. Also
	 * name/pad, the padding each side (floor(0.5 + scale / 2) + 2 pixels,
	 * beyond the kernel's reach).
	 */
	private static String weights(OnnxGraph g, String name, String sourceSize, int modelSize) {
		String scale = g.node("Div", name + "/scale", new String[] {g.cast(name + "/source", sourceSize, DataType.DOUBLE_VALUE),
			g.doubles(name + "/model_size", new double[] {modelSize})});
		// The kernel reaches 0.5 + scale / 2 source pixels beyond the image; truncated, plus two, covers it (no double Ceil in ONNX Runtime 1.13).
		String reach = g.node("Add", name + "/half_kernel", new String[] {
			g.node("Mul", name + "/half_scale", new String[] {scale, g.doubles(name + "/half", new double[] {0.5})}), g.doubles(name + "/half2", new double[] {0.5})});
		String pad = g.node("Add", name + "/pad", new String[] {g.cast(name + "/reach_int", reach, DataType.INT64_VALUE), g.longScalar(name + "/two_more", 2)});
		String length = g.node("Add", name + "/length", new String[] {sourceSize, g.node("Mul", name + "/pads", new String[] {pad, g.longScalar(name + "/two", 2)})});
		String index = g.node("Range", name + "/index", new String[] {g.longScalar(name + "/zero", 0), length, g.longScalar(name + "/step", 1)});
		String source = g.cast(name + "/source_index", g.node("Sub", name + "/unpadded", new String[] {index, pad}), DataType.DOUBLE_VALUE);
		double[] centres = new double[modelSize];
		for (int d = 0; d < modelSize; d++) centres[d] = d + 0.5;
		String inModel = g.node("Div", name + "/in_model", new String[] {
			g.node("Add", name + "/source_centre", new String[] {source, g.doubles(name + "/half3", new double[] {0.5})}), scale});
		String distance = g.node("Abs", name + "/distance", new String[] {
			g.node("Sub", name + "/offset", new String[] {g.doubles(name + "/centres", centres, modelSize, 1), inModel})});
		// As DownsizeTable.kernel: 1f - (float) |x|; summed and divided in double.
		String tent = g.node("Relu", name + "/tent", new String[] {
			g.node("Sub", name + "/one_minus", new String[] {g.floats(name + "/one_f", new float[] {1}), g.cast(name + "/distance_f", distance, DataType.FLOAT_VALUE)})});
		String tentD = g.cast(name + "/tent_d", tent, DataType.DOUBLE_VALUE);
		String sum = g.node("ReduceSum", name + "/sum", new String[] {tentD, g.longs(name + "/axis", 1)}, OnnxGraph.integer("keepdims", 1));
		return g.cast(name, g.node("Div", name + "/normalised", new String[] {tentD, sum}), DataType.FLOAT_VALUE);
	}
}
