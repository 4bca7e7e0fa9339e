import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.NoopTranslator;

import java.nio.file.Path;
import java.util.Map;

/**
 * Run by djl_densenet121.py with Java's single-file launcher:
 * java -Dai.djl.offline=true -cp DJL-JARS DjlDenseNet121.java MODEL.pt SIZE BATCH THREADS [TRAIN-MODEL.pt].
 * The TorchScript module in DJL's PyTorch engine, NCHW (PyTorch 2.7.1's channels_last DenseNet
 * stopped with SIGFPE in its oneDNN on an AVX-512 EPYC), 3 warm-up and 10 timed runs; with a
 * training-mode trace, training steps as DJL runs them (Trainer, Adam at 1e-4, sigmoid
 * cross-entropy), 2 warm-up and 5 timed.
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
		if (args.length > 4 && !args[4].isEmpty()) train(Path.of(args[4]), size, batch, threads);
	}

	private static void train(Path model, int size, int batch, int threads) throws Exception {
		try (Model m = Model.newInstance("densenet121-train", "PyTorch")) {
			// trainParam: the module's parameters require gradients (DJL's PtModel.load option).
			m.load(model.getParent(), model.getFileName().toString(), Map.of("trainParam", "true"));
			DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
				.optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).build());
			try (Trainer t = m.newTrainer(config); NDManager manager = NDManager.newBaseManager()) {
				manager.getEngine().setRandomSeed(0);
				NDList x = new NDList(manager.randomUniform(0, 1, new Shape(batch, 3, size, size)));
				NDList y = new NDList(manager.zeros(new Shape(batch, 1)));
				int warm = 2, timed = 5;
				long start = 0;
				for (int i = 0; i < warm + timed; i++) {
					if (i == warm) start = System.nanoTime();
					try (GradientCollector gc = t.newGradientCollector()) {
						NDList out = t.forward(x);
						gc.backward(t.getLoss().evaluate(y, out));
						out.close();
					}
					t.step();
				}
				double seconds = (System.nanoTime() - start) / 1e9;
				System.out.printf("peer training img/s %.2f  (PyTorch %s through DJL %s, NCHW, BatchNorm training, size=%d batch=%d threads=%d)%n",
					batch * timed / seconds, Engine.getEngine("PyTorch").getVersion(), Engine.getDjlVersion(), size, batch, threads);
			}
		}
	}
}
