package io.github.bonefracture.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a JVM of its own, with one ONNX Runtime on its class path: loads a
 * graph, feeds it a float32 .npy file as "input" and prints each output's
 * first value as "name value". Only ONNX Runtime's API and the JDK, so that
 * any version of it runs this (hence its own .npy reading: the tests' uses
 * JUnit, which this JVM lacks).
 */
public final class OrtRunner {
	private OrtRunner() {}

	public static void main(String[] a) throws Exception {
		byte[] b = Files.readAllBytes(Path.of(a[1]));
		int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
		String header = new String(b, 10, len, StandardCharsets.US_ASCII);
		String[] dims = header.replaceAll(".*'shape': \\(([0-9, ]*)\\).*", "$1").split(",\\s*");
		long[] shape = new long[dims.length];
		for (int i = 0; i < dims.length; i++) shape[i] = Long.parseLong(dims[i].trim());
		FloatBuffer data = ByteBuffer.wrap(b, 10 + len, b.length - 10 - len).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		try (OrtSession s = env.createSession(a[0], new OrtSession.SessionOptions());
			OnnxTensor x = OnnxTensor.createTensor(env, data, shape);
			OrtSession.Result r = s.run(Map.of("input", x)))
		{
			for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) {
				FloatBuffer f = ((OnnxTensor) e.getValue()).getFloatBuffer();
				System.out.println(e.getKey() + " " + f.get(0));
			}
		}
	}
}
