package io.github.bonefracture.export;

import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

import org.nd4j.shade.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

/**
 * An ONNX graph under construction, through the ONNX protobuf schema (the
 * generated classes ND4J ships): nodes, weights as initializers and the
 * graph's inputs and outputs. Every name is unique; asking for a taken one
 * is a bug in the caller, not a property of the model.
 */
final class OnnxGraph {

	private final GraphProto.Builder graph = GraphProto.newBuilder();
	private final Set<String> names = new HashSet<>();

	OnnxGraph(String name) {
		graph.setName(name);
	}

	GraphProto build() {
		return graph.build();
	}

	private String claim(String name) {
		if (!names.add(name)) throw new IllegalStateException("ONNX name used twice: " + name);
		return name;
	}

	/** A float input N x dims..., N any batch size; a dimension is a number or a String naming a symbolic size. */
	void input(String name, Object... dims) {
		graph.addInput(valueInfo(claim(name), dims));
	}

	/** Declares a value already computed in the graph as an output, N x dims. */
	void output(String name, Object... dims) {
		graph.addOutput(valueInfo(name, dims));
	}

	private static ValueInfoProto valueInfo(String name, Object... dims) {
		TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
		shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
		for (Object d : dims) {
			shape.addDim(d instanceof String ? TensorShapeProto.Dimension.newBuilder().setDimParam((String) d)
				: TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
		}
		TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape);
		return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
	}

	/** A float constant (weights), stored little-endian as the format requires. */
	String floats(String name, float[] data, long... dims) {
		long n = 1;
		for (long d : dims) n *= d;
		if (n != data.length) throw new IllegalArgumentException(name + ": " + data.length + " values for shape of " + n);
		ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(data);
		graph.addInitializer(tensor(claim(name), TensorProto.DataType.FLOAT_VALUE, b, dims));
		return name;
	}

	/** A 64-bit integer constant (shapes, pads). */
	String longs(String name, long... data) {
		ByteBuffer b = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asLongBuffer().put(data);
		graph.addInitializer(tensor(claim(name), TensorProto.DataType.INT64_VALUE, b, data.length));
		return name;
	}

	/** A 64-bit integer scalar (a rank-0 tensor). */
	String longScalar(String name, long v) {
		ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
		b.putLong(v);
		graph.addInitializer(tensor(claim(name), TensorProto.DataType.INT64_VALUE, b));
		return name;
	}

	/** An 8-bit integer constant, signed (INT8) or unsigned (UINT8) by type: quantized weights and zero points. */
	String bytes(String name, int type, byte[] data, long... dims) {
		graph.addInitializer(tensor(claim(name), type, ByteBuffer.wrap(data), dims));
		return name;
	}

	/** A 32-bit integer constant: a quantized bias and its zero points. */
	String int32s(String name, int[] data, long... dims) {
		ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asIntBuffer().put(data);
		graph.addInitializer(tensor(claim(name), TensorProto.DataType.INT32_VALUE, b, dims));
		return name;
	}

	/** A double constant: arithmetic that must round as the plugin's Java does. */
	String doubles(String name, double[] data, long... dims) {
		ByteBuffer b = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asDoubleBuffer().put(data);
		graph.addInitializer(tensor(claim(name), TensorProto.DataType.DOUBLE_VALUE, b, dims));
		return name;
	}

	private static TensorProto tensor(String name, int type, ByteBuffer data, long... dims) {
		TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type).setRawData(ByteString.copyFrom(data.array()));
		for (long d : dims) t.addDims(d);
		return t.build();
	}

	/** Adds a node with one output named like the node; returns the output's name. */
	String node(String op, String name, String[] inputs, AttributeProto... attributes) {
		NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(claim(name)).addOutput(name);
		for (String in : inputs) n.addInput(in);
		for (AttributeProto a : attributes) n.addAttribute(a);
		graph.addNode(n);
		return name;
	}

	/** Adds a node whose outputs are named name/output for each given output; returns their names. */
	String[] nodeWithOutputs(String op, String name, String[] outputs, String[] inputs, AttributeProto... attributes) {
		NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(claim(name));
		String[] names = new String[outputs.length];
		for (int i = 0; i < outputs.length; i++) n.addOutput(names[i] = claim(name + "/" + outputs[i]));
		for (String in : inputs) n.addInput(in);
		for (AttributeProto a : attributes) n.addAttribute(a);
		graph.addNode(n);
		return names;
	}

	/** A Cast node to an ONNX data type. */
	String cast(String name, String input, int type) {
		return node("Cast", name, new String[] {input}, integer("to", type));
	}

	static AttributeProto ints(String name, long... values) {
		AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
		for (long v : values) a.addInts(v);
		return a.build();
	}

	static AttributeProto integer(String name, long value) {
		return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
	}

	static AttributeProto real(String name, float value) {
		return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
	}

	static AttributeProto text(String name, String value) {
		return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(value)).build();
	}
}
