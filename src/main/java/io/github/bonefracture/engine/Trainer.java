package io.github.bonefracture.engine;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.nets.DenseNet121;
import io.github.bonefracture.nets.KerasWeights;
import io.github.bonefracture.nets.NativeRuntime;
import io.github.bonefracture.nets.OneDnnDenseNet;
import io.github.bonefracture.nets.OneDnnDenseNetTraining;
import io.github.bonefracture.nets.WeightStore;
import io.github.bonefracture.preprocess.Augmentation;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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

	public static final class EpochStats {
		public final String phase;
		public final int epoch;
		public final int epochs;
		/** Counting every epoch of every phase, from 1. */
		public final int globalEpoch;
		public final double trainLoss;
		public final double trainAccuracy;
		public final double valLoss;
		public final double valAccuracy;

		public EpochStats(String phase, int epoch, int epochs, int globalEpoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy) {
			this.phase = phase;
			this.epoch = epoch;
			this.epochs = epochs;
			this.globalEpoch = globalEpoch;
			this.trainLoss = trainLoss;
			this.trainAccuracy = trainAccuracy;
			this.valLoss = valLoss;
			this.valAccuracy = valAccuracy;
		}

		@Override
		public String toString() {
			String v = Double.isNaN(valLoss) ? "" : String.format("  |  val loss %.4f  val accuracy %.3f", valLoss, valAccuracy);
			return String.format("%s epoch %d/%d: loss %.4f  accuracy %.3f%s", phase, epoch, epochs, trainLoss, trainAccuracy, v);
		}
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
	private final Progress progress;
	private final Listener listener;
	private final FeatureSet.Cache featureCache = new FeatureSet.Cache();

	public Trainer(TrainingConfig config, Progress progress, Listener listener) {
		this.config = config.validate();
		this.progress = progress == null ? Progress.NONE : progress;
		this.listener = listener;
	}

	/** The network training starts from: random, ImageNet weights on the base, or an earlier model. */
	public ComputationGraph startingNetwork() {
		NativeRuntime.configure();
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
		Best best = new Best(c.earlyStoppingPatience);
		PooledBase pooledTrain = epochs1 > 0 && frozenBase && !c.reuseBaseFeatures ? PooledBase.of(train, net) : null;
		if (epochs1 > 0 && frozenBase && c.reuseBaseFeatures) {
			FeatureSet ft = featureCache.of(net, DenseNet121.POOL, train, c.batchSize);
			FeatureSet fv = val == null || val.size() == 0 ? null : featureCache.of(net, DenseNet121.POOL, val, c.batchSize);
			trainHead(net, ft, fv, ft.width(), epochs1, label + "Phase 1 (base frozen, features reused)", history, best);
		} else if (pooledTrain != null) {
			// The frozen base runs on oneDNN each batch (augmentation included); DL4J trains the head.
			PooledBase pv = val == null || val.size() == 0 ? null : new PooledBase(val, pooledTrain.base());
			try {
				trainHead(net, pooledTrain, pv, pooledTrain.base().featureChannels(), epochs1, label + "Phase 1 (base frozen)", history, best);
			} finally {
				pooledTrain.base().close();
			}
		} else if (epochs1 > 0) {
			ComputationGraph g = frozenBase ? Networks.frozenBase(net, c.phase1LearningRate, DenseNet121.FEATURES)
				: Networks.phase(net, c.phase1LearningRate, false);
			try (OneDnnDenseNetTraining fast = frozenBase ? null : fastTraining(g, false, c.phase1LearningRate)) {
				epochs(g, fast, train, val, epochs1, label + (frozenBase ? "Phase 1 (base frozen)" : "Phase 1"), 1, history, best);
			}
			net.setParams(best.params != null && best.stop ? best.params : g.params());
		}
		if (epochs2 > 0 && !best.stop) {
			boolean freezeBn = pretrained && c.freezeBatchNorm;
			ComputationGraph g = Networks.phase(net, c.phase2LearningRate, freezeBn);
			try (OneDnnDenseNetTraining fast = fastTraining(g, freezeBn, c.phase2LearningRate)) {
				epochs(g, fast, train, val, epochs2, label + "Phase 2 (fine-tuning)", 2, history, best);
			}
			net.setParams(g.params());
		}
		if (best.params != null) {
			net.setParams(best.params);
			progress.info(String.format("Kept the model of epoch %d (lowest validation loss %.4f)", best.epoch, best.loss));
		}
		Metrics vm = val != null && val.size() > 0 ? Metrics.of(predict(net, val, c.batchSize), val.targets(), 0.5) : null;
		return new Result(net, history, vm);
	}

	/**
	 * Phase 1 on pooled base features (reused, or computed per batch): DL4J
	 * trains the head alone on them, and the head (the best epoch's, with
	 * early stopping) goes back into net.
	 */
	private void trainHead(ComputationGraph net, Examples train, Examples val, long width, int epochs, String phase,
		List<EpochStats> history, Best best)
	{
		ComputationGraph head = Networks.head(net, DenseNet121.DROPOUT, DenseNet121.OUTPUT, width, config.phase1LearningRate, config.seed);
		epochs(head, null, train, val, epochs, phase, 1, history, best);
		if (best.params != null) head.setParams(best.params);
		net.getLayer(DenseNet121.OUTPUT).setParams(head.getLayer(DenseNet121.OUTPUT).params().dup());
		// Early stopping from here on compares whole networks.
		if (best.params != null) best.params = net.params().dup();
	}

	/**
	 * The whole DenseNet trained on oneDNN, or null: another network, or
	 * oneDNN unavailable or turned off; then DL4J's fit does the work.
	 */
	private OneDnnDenseNetTraining fastTraining(ComputationGraph g, boolean freezeBatchNorm, double learningRate) {
		if (config.architecture != Architecture.DENSENET121) return null;
		return OneDnnDenseNetTraining.tryOf(g, freezeBatchNorm ? OneDnnDenseNetTraining.BatchNormMode.FROZEN
			: OneDnnDenseNetTraining.BatchNormMode.TRAIN, learningRate, config.seed);
	}

	/** Epochs of g's training: on fast when given (g gets its parameters after each epoch), else DL4J's fit. */
	private void epochs(ComputationGraph g, OneDnnDenseNetTraining fast, Examples train, Examples val, int epochs, String phase, int phaseNo,
		List<EpochStats> history, Best best)
	{
		// One oneDNN base for every epoch's validation, its weights read again each time.
		try (OneDnnDenseNet valBase = val != null && val.size() > 0 ? OneDnnDenseNet.tryOf(g) : null) {
			epochs(g, fast, valBase, train, val, epochs, phase, phaseNo, history, best);
		}
	}

	private void epochs(ComputationGraph g, OneDnnDenseNetTraining fast, OneDnnDenseNet valBase, Examples train, Examples val, int epochs,
		String phase, int phaseNo, List<EpochStats> history, Best best)
	{
		TrainingConfig c = config;
		Augmentation aug = c.augmentation();
		double[] classWeight = classWeights(train.targets());
		AccuracyListener acc = new AccuracyListener(g);
		g.setListeners(acc);
		int n = train.size();
		for (int e = 1; e <= epochs && !best.stop; e++) {
			progress.checkCanceled();
			List<Integer> order = new ArrayList<>();
			for (int i = 0; i < n; i++) order.add(i);
			long epochSeed = c.seed * 1_000_003L + phaseNo * 10_007L + history.size();
			Collections.shuffle(order, new Random(epochSeed));
			Random augRng = new Random(epochSeed ^ 0x5DEECE66DL);
			double lossSum = 0;
			acc.reset();
			int batches = (n + c.batchSize - 1) / c.batchSize;
			for (int b = 0; b < batches; b++) {
				progress.checkCanceled();
				int from = b * c.batchSize, to = Math.min(n, from + c.batchSize);
				int[] idx = order.subList(from, to).stream().mapToInt(Integer::intValue).toArray();
				INDArray x = train.features(idx, aug, augRng);
				INDArray y = train.labels(idx);
				INDArray mask = null;
				if (classWeight != null) {
					float[] w = new float[idx.length];
					for (int k = 0; k < idx.length; k++) w[k] = (float) classWeight[train.target(idx[k])];
					mask = Nd4j.create(w, new long[] {idx.length, 1}, 'c');
				}
				if (fast != null) {
					long[] s = x.shape();
					float[] yv = y.dup('c').data().asFloat();
					OneDnnDenseNetTraining.StepResult r = fast.fit(x.dup('c').data().asFloat(), (int) s[0], (int) s[2], (int) s[3], yv,
						mask == null ? null : mask.dup('c').data().asFloat());
					lossSum += r.loss * idx.length;
					for (int k = 0; k < idx.length; k++) acc.count(r.logits[k], yv[k]);
				} else {
					acc.labels = y;
					g.fit(new MultiDataSet(new INDArray[] {x}, new INDArray[] {y}, null, mask == null ? null : new INDArray[] {mask}));
					lossSum += g.score() * idx.length;
				}
				progress.progress(phase + " epoch " + e + "/" + epochs, b + 1, batches);
			}
			if (fast != null) fast.copyInto(g);
			double valLoss = Double.NaN, valAcc = Double.NaN;
			if (val != null && val.size() > 0) {
				double[] p;
				if (valBase != null) {
					valBase.reload();
					p = new PooledBase(val, valBase).predict(g, c.batchSize);
				} else {
					p = predict(g, val, c.batchSize);
				}
				Metrics m = Metrics.of(p, val.targets(), 0.5);
				valLoss = m.loss;
				valAcc = m.accuracy;
			}
			EpochStats s = new EpochStats(phase, e, epochs, history.size() + 1, lossSum / n, acc.accuracy(), valLoss, valAcc);
			history.add(s);
			progress.info(s.toString());
			if (listener != null) listener.onEpoch(s);
			best.offer(s, g);
		}
		g.setListeners();
	}

	/** Inverse class frequency, normalised to a mean weight of 1; null when off. */
	double[] classWeights(int[] targets) {
		if (!config.classWeights) return null;
		int pos = 0;
		for (int t : targets) pos += t;
		int neg = targets.length - pos;
		if (pos == 0 || neg == 0) return null;
		return new double[] {targets.length / (2.0 * neg), targets.length / (2.0 * pos)};
	}

	/** P(fracture) for every image, in order. */
	public static double[] predict(ComputationGraph g, LoadedImages images, int batchSize) {
		return predict(g, (Examples) images, batchSize);
	}

	static double[] predict(ComputationGraph g, Examples images, int batchSize) {
		OneDnnDenseNet fast = OneDnnDenseNet.tryOf(g);
		if (fast != null) {
			try {
				return new PooledBase(images, fast).predict(g, batchSize);
			} finally {
				fast.close();
			}
		}
		double[] p = new double[images.size()];
		for (int from = 0; from < p.length; from += batchSize) {
			int to = Math.min(p.length, from + batchSize);
			int[] idx = java.util.stream.IntStream.range(from, to).toArray();
			INDArray out = g.outputSingle(false, images.features(idx, null, null));
			for (int k = 0; k < idx.length; k++) p[from + k] = out.getDouble(k, 0);
		}
		return p;
	}

	/** Early stopping on validation loss, remembering the best parameters. */
	private static final class Best {
		final int patience;
		double loss = Double.POSITIVE_INFINITY;
		int epoch;
		INDArray params;
		int since;
		boolean stop;

		Best(int patience) {
			this.patience = patience;
		}

		void offer(EpochStats s, ComputationGraph g) {
			if (patience <= 0 || Double.isNaN(s.valLoss)) return;
			if (s.valLoss < loss) {
				loss = s.valLoss;
				epoch = s.globalEpoch;
				params = g.params().dup();
				since = 0;
			} else if (++since >= patience) {
				stop = true;
			}
		}
	}

	/**
	 * Training accuracy from the forward pass that training does anyway (with
	 * dropout, as Keras reports it): the output layer's input times its weights.
	 */
	private static final class AccuracyListener extends BaseTrainingListener {
		private final String outputInput;
		private final String output;
		INDArray labels;
		long correct;
		long seen;

		AccuracyListener(ComputationGraph g) {
			output = g.getConfiguration().getNetworkOutputs().get(0);
			outputInput = g.getConfiguration().getVertexInputs().get(output).get(0);
		}

		void reset() {
			correct = 0;
			seen = 0;
		}

		double accuracy() {
			return seen == 0 ? Double.NaN : correct / (double) seen;
		}

		@Override
		public void onForwardPass(Model model, Map<String, INDArray> activations) {
			INDArray in = activations.get(outputInput);
			if (in == null || labels == null) return;
			ComputationGraph g = (ComputationGraph) model;
			Map<String, INDArray> p = g.getLayer(output).paramTable();
			INDArray logits = in.mmul(p.get("W")).addiRowVector(p.get("b"));
			for (int i = 0; i < logits.rows(); i++) count(logits.getDouble(i, 0), labels.getDouble(i, 0));
			labels = null;
		}

		void count(double logit, double label) {
			if ((logit >= 0) == (label >= 0.5)) correct++;
			seen++;
		}
	}
}
