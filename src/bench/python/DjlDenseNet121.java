import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;

import java.nio.file.Path;

/**
 * Run by djl_densenet121.py with Java's single-file launcher:
 * java -Dai.djl.offline=true -cp DJL-JARS DjlDenseNet121.java MODEL.pt SIZE BATCH THREADS.
 * The TorchScript module in DJL's PyTorch engine, NCHW (PyTorch 2.7.1's channels_last DenseNet
 * stopped with SIGFPE in its oneDNN on an AVX-512 EPYC), 3 warm-up and 10 timed runs.
 */
public class DjlDenseNet121 {
	public static void main(String[] args) throws Exception {
		Path model = Path.of(args[0]);
		int size = Integer.parseInt(args[1]), batch = Integer.parseInt(args[2]), threads = Integer.parseInt(args[3]);
		try (Model m = Model.newInstance("densenet121", "PyTorch")) {
			m.load(model.getParent(), model.getFileName().toString());
			try (Predictor<NDList, NDList> p = m.newPredictor(new NoopTranslator()); NDManager manager = NDManager.newBaseManager()) {
				manager.getEngine().setRandomSeed(0);
				NDList x = new NDList(manager.randomUniform(0, 1, new Shape(batch, 3, size, size)));
				for (int i = 0; i < 3; i++) p.predict(x).close();
				int timed = 10;
				long start = System.nanoTime();
				for (int i = 0; i < timed; i++) p.predict(x).close();
				double seconds = (System.nanoTime() - start) / 1e9;
				System.out.printf("peer inference img/s %.2f  (PyTorch %s through DJL %s, NCHW, size=%d batch=%d threads=%d)%n",
					batch * timed / seconds, Engine.getEngine("PyTorch").getVersion(), Engine.getDjlVersion(), size, batch, threads);
			}
		}
	}
}
