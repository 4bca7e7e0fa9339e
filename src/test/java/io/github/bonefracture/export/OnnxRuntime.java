package io.github.bonefracture.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** An exported graph in ONNX Runtime (the peer a hospital pipeline would run it in), one thread, all optimisations. */
final class OnnxRuntime implements AutoCloseable {

	private final OrtEnvironment env = OrtEnvironment.getEnvironment();
	final OrtSession session;

	OnnxRuntime(Path model) throws OrtException {
		this(model, null);
	}

	/** With optimized non-null, ONNX Runtime also writes the graph it runs (after its own rewrites) there. */
	OnnxRuntime(Path model, Path optimized) throws OrtException {
		OrtSession.SessionOptions o = new OrtSession.SessionOptions();
		o.setIntraOpNumThreads(1);
		o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
		if (optimized != null) o.setOptimizedModelFilePath(optimized.toString());
		session = env.createSession(model.toString(), o);
	}

	/** Every output, flattened, for one input batch of the given shape. */
	Map<String, float[]> run(float[] input, long... shape) throws OrtException {
		Map<String, float[]> out = new HashMap<>();
		try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
			OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, x)))
		{
			for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) {
				FloatBuffer b = ((OnnxTensor) e.getValue()).getFloatBuffer();
				float[] f = new float[b.remaining()];
				b.get(f);
				out.put(e.getKey(), f);
			}
		}
		return out;
	}

	@Override
	public void close() throws OrtException {
		session.close();
	}
}
