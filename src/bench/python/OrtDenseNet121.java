import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

/**
 * Run by ort_densenet121.py with Java's single-file launcher:
 * java -cp onnxruntime.jar OrtDenseNet121.java MODEL SIZE BATCH THREADS.
 * All graph optimisations, intra-op threads as given, 3 warm-up and 10 timed runs.
 */
public class OrtDenseNet121 {
	public static void main(String[] args) throws Exception {
		int size = Integer.parseInt(args[1]), batch = Integer.parseInt(args[2]), threads = Integer.parseInt(args[3]);
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		OrtSession.SessionOptions options = new OrtSession.SessionOptions();
		options.setIntraOpNumThreads(threads);
		options.setInterOpNumThreads(1);
		options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
		float[] data = new float[batch * 3 * size * size];
		Random random = new Random(0);
		for (int i = 0; i < data.length; i++) data[i] = random.nextFloat();
		try (OrtSession session = env.createSession(args[0], options);
			OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[] {batch, 3, size, size}))
		{
			// Whatever the exporter named the input (torch: x; this project's export: input).
			Map<String, OnnxTensor> input = Map.of(session.getInputNames().iterator().next(), x);
			for (int i = 0; i < 3; i++) session.run(input).close();
			int timed = 10;
			long start = System.nanoTime();
			for (int i = 0; i < timed; i++) session.run(input).close();
			double seconds = (System.nanoTime() - start) / 1e9;
			System.out.printf("peer inference img/s %.2f  (ONNX Runtime %s, size=%d batch=%d threads=%d)%n",
				batch * timed / seconds, env.getVersion(), size, batch, threads);
		}
	}
}
