package io.github.bonefracture.engine;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.backend.BaseFeatures;
import io.github.bonefracture.backend.Inference;
import io.github.bonefracture.backend.Training;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.nets.DenseNet121;
import io.github.bonefracture.nets.BatchNormMode;
import io.github.bonefracture.nets.KerasWeights;
import io.github.bonefracture.nets.NativeRuntime;
import io.github.bonefracture.nets.StepResult;
import io.github.bonefracture.nets.WeightStore;
import io.github.bonefracture.preprocess.Augmentation;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The reference protocol: phase 1 trains the head on a frozen pretrained base,
 * phase 2 fine-tunes everything at a small learning rate with BatchNorm
 * statistics frozen. Cancel is checked between batches.
 */
public final class Trainer {

	/** Told after every epoch (for a plot that grows). */
	public interface Listener {
		void onEpoch(EpochStats stats);
	}

	/** A trained network and how it got there. */
	public static final class Result {
		public final ComputationGraph network;
		public final List<EpochStats> history;
		/** Metrics on the validation images, or null without any. */
		public final Metrics validation;

		Result(ComputationGraph network, List<EpochStats> history, Metrics validation) {
			this.network = network;
			this.history = Collections.unmodifiableList(history);
			this.validation = validation;
		}
	}

	private final TrainingConfig config;
	private final Backend backend;
	private final Progress progress;
	private final Listener listener;
	private final FeatureSet.Cache featureCache;

	public Trainer(TrainingConfig config, Backend backend, Progress progress, Listener listener) {
		this(config, backend, progress, listener, new FeatureSet.Cache(backend));
	}

	private Trainer(TrainingConfig config, Backend backend, Progress progress, Listener listener, FeatureSet.Cache featureCache) {
		this.config = config;
		this.backend = backend;
		this.progress = progress == null ? Progress.NONE : progress;
		this.listener = listener;
		this.featureCache = featureCache;
		// Before any network of this trainer is built: DL4J gives a layer its oneDNN helper when the layer is made. A fold
		// trained in a fresh executor JVM builds its starting network from the plan's bytes, with no other call before it,
		// and ran the generic code (slower, other float sums: another model than a local run at the same thread count).
		NativeRuntime.configure();
	}

	/** The same trainer (settings, backend, log, cached features) whose epochs nobody plots: for the inner folds' models. */
	Trainer unheard() {
		return new Trainer(config, backend, progress, null, featureCache);
	}

	/** Where this trainer reports, for work done around its training (a fold's image generator). */
	Progress progress() {
		return progress;
	}

	/** The backend it computes with, for features of the networks it trained. */
	Backend backend() {
		return backend;
	}

	/** Where every training of this configuration starts: its starting network, after the pretraining round when one is asked for. */
	static final class StartingPoint {
		final ComputationGraph network;
		/** The pretraining dataset's summary, when there was a round. */
		final java.util.Optional<Pretraining.Outcome> pretraining;

		StartingPoint(ComputationGraph network, java.util.Optional<Pretraining.Outcome> pretraining) {
			this.network = network;
			this.pretraining = pretraining;
		}
	}

	/** What this trainer computes with (backend, instruction set, threads), as summaries record it. */
	java.util.Map<String, String> computedWith() {
		return backend.record();
	}

	/** The starting network, then the pretraining round on it when the configuration names a pretraining dataset. */
	StartingPoint startingPoint() {
		ComputationGraph net = startingNetwork();
		return new StartingPoint(net, Pretraining.run(config, this, net, progress));
	}

	/** The network training starts from: random, ImageNet weights on the base, or an earlier model. */
	public ComputationGraph startingNetwork() {
		TrainingConfig c = config;
		switch (c.weights) {
			case RANDOM:
				return c.architecture.build(c);
			case MODEL: {
				ModelFile m = ModelFile.load(Paths.get(c.weightsFile));
				if (m.metadata.architecture != c.architecture)
					throw new InvalidInputException("Model " + c.weightsFile + " is a " + m.metadata.architecture.id() + ", not a " + c.architecture.id());
				if (!m.metadata.preprocessing.equals(c.architecture.preprocessing(c)))
					throw new InvalidInputException("Model " + c.weightsFile + " takes " + m.metadata.preprocessing.width() + "x"
						+ m.metadata.preprocessing.height() + " input; set the image size to match to continue training it");
				return m.network;
			}
			case IMAGENET:
			default: {
				if (c.architecture != Architecture.DENSENET121)
					throw new InvalidInputException("ImageNet weights exist only for DenseNet121; train the baseline CNN from random weights");
				ComputationGraph net = c.architecture.build(c);
				Path cache = c.weightsCache == null ? null : Paths.get(c.weightsCache);
				Path file = WeightStore.imagenetDenseNet121(cache).resolve(c.weightsFile == null ? null : Paths.get(c.weightsFile), progress);
				progress.info("Loading ImageNet weights from " + file);
				KerasWeights.read(file).copyInto(net, Set.of(DenseNet121.OUTPUT), file);
				return net;
			}
		}
	}

	/** Trains with the configured phases; val may be null or empty. */
	public Result train(ComputationGraph net, LoadedImages train, LoadedImages val) {
		return train(net, train, val, config.phase1Epochs, config.phase2Epochs, "");
	}

	Result train(ComputationGraph net, LoadedImages train, LoadedImages val, int epochs1, int epochs2, String label) {
		TrainingConfig c = config;
		if (train.size() == 0) throw new InvalidInputException("No training images");
		Nd4j.getRandom().setSeed(c.seed);
		boolean pretrained = c.weights != TrainingConfig.WeightSource.RANDOM;
		boolean frozenBase = c.architecture == Architecture.DENSENET121 && pretrained;
		List<EpochStats> history = new ArrayList<>();
		EarlyStopping best = new EarlyStopping(c.earlyStoppingPatience);
		if (epochs1 > 0 && frozenBase) {
			// The frozen base computes pooled features, reused across epochs and folds or per (augmented) batch; the head trains on them.
			if (c.reuseBaseFeatures) {
				FeatureSet ft = featureCache.of(net, train, c.batchSize);
				FeatureSet fv = val == null || val.size() == 0 ? null : featureCache.of(net, val, c.batchSize);
				trainHead(net, ft, fv, epochs1, label + "Phase 1 (base frozen, features reused)", history, best);
			} else {
				try (BaseFeatures base = backend.base(net, false)) {
					trainHead(net, new PooledBase(train, base), val == null || val.size() == 0 ? null : new PooledBase(val, base), epochs1,
						label + "Phase 1 (base frozen)", history, best);
				}
			}
		} else if (epochs1 > 0) {
			ComputationGraph g = Networks.phase(net, c.phase1LearningRate, false);
			epochs(g, BatchNormMode.TRAIN, c.phase1LearningRate, train, val, epochs1, label + "Phase 1", 1, history, best);
			net.setParams(best.params != null && best.stop ? best.params : g.params());
		}
		if (epochs2 > 0 && !best.stop) {
			boolean freezeBn = pretrained && c.freezeBatchNorm;
			ComputationGraph g = Networks.phase(net, c.phase2LearningRate, freezeBn);
			epochs(g, freezeBn ? BatchNormMode.FROZEN : BatchNormMode.TRAIN, c.phase2LearningRate, train, val, epochs2,
				label + "Phase 2 (fine-tuning)", 2, history, best);
			net.setParams(g.params());
		}
		if (best.params != null) {
			net.setParams(best.params);
			progress.info(String.format("Kept the model of epoch %d (lowest validation loss %.4f)", best.epoch, best.loss));
		}
		Metrics vm = val != null && val.size() > 0 ? Metrics.of(predict(net, val), val.targets(), 0.5) : null;
		return new Result(net, history, vm);
	}

	/**
	 * Phase 1 on pooled base features: the head alone trains on them, and the
	 * head (the best epoch's, with early stopping) goes back into net.
	 */
	private void trainHead(ComputationGraph net, Examples train, Examples val, int epochs, String phase, List<EpochStats> history, EarlyStopping best) {
		long width = net.getLayer(DenseNet121.OUTPUT).getParam("W").size(0);
		ComputationGraph head = Networks.head(net, DenseNet121.DROPOUT, DenseNet121.OUTPUT, width, config.phase1LearningRate, config.seed);
		epochs(head, BatchNormMode.FROZEN, config.phase1LearningRate, train, val, epochs, phase, 1, history, best);
		if (best.params != null) head.setParams(best.params);
		net.getLayer(DenseNet121.OUTPUT).setParams(head.getLayer(DenseNet121.OUTPUT).params().dup());
		// Early stopping from here on compares whole networks.
		if (best.params != null) best.params = net.params().dup();
	}

	/** The one epoch loop: g trained by the backend, its parameters in g after each epoch, validated, offered to early stopping. */
	private void epochs(ComputationGraph g, BatchNormMode mode, double learningRate, Examples train, Examples val, int epochs, String phase,
		int phaseNo, List<EpochStats> history, EarlyStopping best)
	{
		TrainingConfig c = config;
		Augmentation aug = c.augmentation();
		double[] classWeight = classWeights(train.targets()).orElse(null);
		boolean validate = val != null && val.size() > 0;
		int n = train.size();
		try (Training training = backend.training(g, mode, learningRate, c.seed);
			Inference validation = validate ? backend.inference(g, null, outputLayer(g), false) : null)
		{
			for (int e = 1; e <= epochs && !best.stop; e++) {
				progress.checkCanceled();
				List<Integer> order = new ArrayList<>();
				for (int i = 0; i < n; i++) order.add(i);
				long epochSeed = c.seed * 1_000_003L + phaseNo * 10_007L + history.size();
				Collections.shuffle(order, new Random(epochSeed));
				Random augRng = new Random(epochSeed ^ 0x5DEECE66DL);
				double lossSum = 0;
				long correct = 0;
				int batches = (n + c.batchSize - 1) / c.batchSize;
				for (int b = 0; b < batches; b++) {
					progress.checkCanceled();
					int from = b * c.batchSize, to = Math.min(n, from + c.batchSize);
					int[] idx = order.subList(from, to).stream().mapToInt(Integer::intValue).toArray();
					Batch x = train.batch(idx, aug, augRng);
					float[] y = new float[idx.length];
					for (int k = 0; k < idx.length; k++) y[k] = train.target(idx[k]);
					float[] w = null;
					if (classWeight != null) {
						w = new float[idx.length];
						for (int k = 0; k < idx.length; k++) w[k] = (float) classWeight[train.target(idx[k])];
					}
					StepResult r = training.fit(x.values, x.shape, y, w);
					lossSum += r.loss * idx.length;
					for (int k = 0; k < idx.length; k++) if ((r.logits[k] >= 0) == (y[k] >= 0.5)) correct++;
					progress.progress(phase + " epoch " + e + "/" + epochs, b + 1, batches);
				}
				training.copyInto(g);
				double valLoss = Double.NaN, valAcc = Double.NaN;
				if (validate) {
					validation.reload();
					Metrics m = Metrics.of(predict(validation, val, c.batchSize), val.targets(), 0.5);
					valLoss = m.loss;
					valAcc = m.accuracy;
				}
				EpochStats s = new EpochStats(phase, e, epochs, history.size() + 1, lossSum / n, correct / (double) n, valLoss, valAcc);
				history.add(s);
				progress.info(s.toString());
				if (listener != null) listener.onEpoch(s);
				best.offer(s, g);
			}
		}
	}

	private static String outputLayer(ComputationGraph g) {
		return g.getConfiguration().getNetworkOutputs().get(0);
	}

	/** Inverse class frequency, normalised to a mean weight of 1; empty when off or one class is missing. */
	java.util.Optional<double[]> classWeights(int[] targets) {
		if (!config.classWeights) return java.util.Optional.empty();
		int pos = 0;
		for (int t : targets) pos += t;
		int neg = targets.length - pos;
		if (pos == 0 || neg == 0) return java.util.Optional.empty();
		return java.util.Optional.of(new double[] {targets.length / (2.0 * neg), targets.length / (2.0 * pos)});
	}

	/** P(fracture) for every image, in order, computed by this trainer's backend. */
	public double[] predict(ComputationGraph g, LoadedImages images) {
		return predict(g, (Examples) images);
	}

	double[] predict(ComputationGraph g, Examples images) {
		try (Inference inference = backend.inference(g, null, outputLayer(g), false)) {
			return predict(inference, images, config.batchSize);
		}
	}

	static double[] predict(Inference inference, Examples images, int batchSize) {
		double[] p = new double[images.size()];
		for (int from = 0; from < p.length; from += batchSize) {
			int[] idx = java.util.stream.IntStream.range(from, Math.min(p.length, from + batchSize)).toArray();
			Batch x = images.batch(idx, null, null);
			System.arraycopy(inference.run(x.values, x.shape, false).probabilities, 0, p, from, idx.length);
		}
		return p;
	}
}
