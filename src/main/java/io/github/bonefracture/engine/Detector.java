package io.github.bonefracture.engine;

import io.github.bonefracture.data.ImageInputs;
import io.github.bonefracture.prediction.Prediction;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.backend.Inference;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.preprocess.Augmentation;
import io.github.bonefracture.preprocess.FloatImage;
import io.github.bonefracture.preprocess.Preprocessing;

import ij.ImagePlus;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a model file to images: P(fracture), the label at the threshold and
 * the class-activation map. Global average pooling followed by one dense unit
 * makes the map exact: its mean is the logit. Safe to share between threads:
 * preprocessing runs in the caller's thread, network calls one at a time.
 * Closing frees native memory early; a long-lived caller can keep one open.
 */
public final class Detector implements AutoCloseable {

	/** How to detect; threshold NaN means the model's own. */
	public static final class Options implements java.io.Serializable {
		private static final long serialVersionUID = 1L;
		public double threshold = Double.NaN;
		public boolean heatmap = true;
		public boolean flipTta = false;
		public int batchSize = 8;
		/** The arithmetic asked for; see {@link Precision} and {@link PrecisionChoice} for what is taken. */
		public Precision precision = Precision.FLOAT;
		/** Images declaring more pixels are reported unreadable without being decoded. */
		public long maxPixels = ImageLoader.DEFAULT_MAX_PIXELS;
		/** The conformal prediction set's error rate: the set misses the true class at most this share of the time. */
		public double alpha = 0.1;

		public Options copy() {
			Options o = new Options();
			o.threshold = threshold;
			o.heatmap = heatmap;
			o.flipTta = flipTta;
			o.batchSize = batchSize;
			o.precision = precision;
			o.maxPixels = maxPixels;
			o.alpha = alpha;
			return o;
		}

		public Options precision(Precision p) {
			this.precision = p;
			return this;
		}
	}

	/** One file's outcome: a prediction, or why there is none. */
	public static final class FileResult {
		public final Path file;
		public final Prediction prediction;
		public final String error;

		FileResult(Path file, Prediction prediction, String error) {
			this.file = file;
			this.prediction = prediction;
			this.error = error;
		}
	}

	private final ModelFile model;
	private final Preprocessing pre;
	private final ComputationGraph net;
	private final String featureLayer;
	private final String outputLayer;
	private final Backend backend;
	private final Inference inference;
	private final Calibration calibration;
	/** The same in bfloat16, made on first use where it is native; else null. */
	private Inference inferenceBf16;
	/** The same with int8 convolutions, made on first use where it can run; else null. */
	private Inference inferenceInt8;
	/** Why int8 cannot run for this model on this backend and CPU, or null. */
	private final String int8Problem;

	public Detector(ModelFile model, Backend backend) {
		this.model = model;
		this.pre = model.metadata.preprocessing;
		this.net = model.network;
		this.featureLayer = model.metadata.featureLayer;
		this.outputLayer = model.metadata.outputLayer;
		this.backend = backend;
		this.inference = backend.inference(net, featureLayer, outputLayer, false);
		this.calibration = model.metadata.calibration == null ? Calibration.none() : model.metadata.calibration;
		this.int8Problem = backend.int8Refusal(net, model.metadata.activationRanges).orElse(null);
	}

	/** The backend computing this model. */
	public Backend backend() {
		return backend;
	}

	/** Whether Options.bf16 takes effect here: the backend has native bfloat16 for this model on this CPU. */
	public boolean bf16Available() {
		return backend.bf16Native(net);
	}

	/**
	 * Frees the backend's native memory now (else it goes when the garbage
	 * collector finds the detector); the detector still works after,
	 * building its plans again.
	 */
	@Override
	public synchronized void close() {
		inference.close();
		if (inferenceBf16 != null) inferenceBf16.close();
		if (inferenceInt8 != null) inferenceInt8.close();
	}


	/** Whether {@link #answerNotesOnce} has spoken: a macro detecting image after image hears them once per loaded model. */
	private final java.util.concurrent.atomic.AtomicBoolean answerNotesSaid = new java.util.concurrent.atomic.AtomicBoolean();

	/** Tells progress, the first time it is asked, how the model decides (info) and what its file lacks (warnings). */
	public void tellOnce(io.github.bonefracture.core.Progress progress) {
		answerNotesOnce().ifPresent(lacking -> {
			progress.info(decisionText());
			lacking.forEach(progress::warn);
		});
	}

	/** What this model file lacks of the answers a researcher can stand behind (older files), the first time it is asked; then empty. */
	private java.util.Optional<List<String>> answerNotesOnce() {
		if (answerNotesSaid.getAndSet(true)) return java.util.Optional.empty();
		List<String> notes = new java.util.ArrayList<>();
		if (model.metadata.inDistribution == null)
			notes.add("This model file carries no description of its training data (made before it, or without held-out images): no image is flagged as unlike it; train it again to have the flag");
		if (model.metadata.conformal == null)
			notes.add("This model file carries no conformal calibration (made before it, or without held-out images): answers near the threshold are not marked uncertain");
		return java.util.Optional.of(notes);
	}

	/** The model's threshold as it was learned: its interval, the rule and what it was learned on, its calibration. */
	public String decisionText() {
		return model.metadata.decisionText();
	}


	/** What runs for the precision o asks for here, and what to tell the user about it. */
	public PrecisionChoice precision(Options o) {
		return PrecisionChoice.of(o.precision, new PrecisionChoice.Here(bf16Available() ? null : backend.bf16Refusal(net).orElse("this model has no bfloat16 path"),
			int8Problem, backend.int8DotProducts(), model.metadata.precisionChecks, model.metadata.inDistribution != null));
	}

	/** The precisions asked of this detector whose choice was told: a macro detecting image after image hears it once. */
	private final java.util.Set<Precision> precisionTold = java.util.concurrent.ConcurrentHashMap.newKeySet();

	/** Tells progress, once per asked precision, which arithmetic o takes here (info) and why anything asked for falls back (warnings). */
	public void tellPrecision(Options o, io.github.bonefracture.core.Progress progress) {
		if (!precisionTold.add(o.precision)) return;
		PrecisionChoice c = precision(o);
		c.infos.forEach(progress::info);
		c.warnings.forEach(progress::warn);
	}

	private synchronized Inference engine(Precision taken) {
		switch (taken) {
			case INT8:
				if (inferenceInt8 == null) inferenceInt8 = backend.int8(model.metadata.activationRanges).inference(net, featureLayer, outputLayer, false);
				return inferenceInt8;
			case BFLOAT16:
				if (inferenceBf16 == null) inferenceBf16 = backend.inference(net, featureLayer, outputLayer, true);
				return inferenceBf16;
			default:
				return inference;
		}
	}

	/** Calibrated P(fracture) of a batch already normalised for the network ([n, c, h, w]), in the arithmetic given (which must run here). */
	double[] calibratedProbabilities(float[] input, int n, Precision taken) {
		double[] p = engine(taken).run(input, new long[] {n, pre.channels(), pre.height(), pre.width()}, false).probabilities;
		return calibration.apply(p);
	}

	public static Detector load(Path modelFile, Backend backend) {
		return new Detector(ModelFile.load(modelFile), backend);
	}

	public ModelMetadata metadata() {
		return model.metadata;
	}

	public boolean hasHeatmap() {
		return featureLayer != null;
	}

	public Prediction detect(ImagePlus imp, Options o) {
		return detect(imp, imp.getStackSize() > 1 ? imp.getCurrentSlice() : 1, o);
	}

	/** A stack must name its slice: detection of a whole stack is ambiguous. */
	public Prediction detect(ImagePlus imp, int slice, Options o) {
		return detectGrey(List.of(pre.toUnitGrey(imp, slice)), o).get(0);
	}

	/** Images already reduced to grey [0, 1] at the model's size. */
	public List<Prediction> detectGrey(List<FloatImage> images, Options o) {
		double threshold = Double.isNaN(o.threshold) ? model.metadata.threshold : o.threshold;
		Precision taken = precision(o).taken;
		List<Prediction> out = new ArrayList<>();
		for (int from = 0; from < images.size(); from += Math.max(1, o.batchSize)) {
			List<FloatImage> batch = images.subList(from, Math.min(images.size(), from + Math.max(1, o.batchSize)));
			Forward f = forward(batch, o.heatmap, engine(taken));
			Forward flipped = o.flipTta ? forward(flip(batch), o.heatmap, engine(taken)) : null;
			for (int k = 0; k < batch.size(); k++) {
				double p = f.p[k];
				FloatImage cam = f.cams == null ? null : f.cams.get(k);
				if (flipped != null) {
					p = (p + flipped.p[k]) / 2;
					if (cam != null) {
						FloatImage back = Augmentation.flipHorizontal(flipped.cams.get(k));
						FloatImage avg = new FloatImage(cam.width, cam.height);
						for (int i = 0; i < avg.data.length; i++) avg.data[i] = (cam.data[i] + back.data[i]) / 2;
						cam = avg;
					}
				}
				double calibrated = calibration.apply(p);
				// int8's features are not the float features the training data was described in.
				TrainingDistribution td = taken == Precision.INT8 ? null : model.metadata.inDistribution;
				double score = td == null ? Double.NaN : td.score(f.pooled[k]);
				ConformalSets cs = model.metadata.conformal;
				out.add(new Prediction(calibrated, threshold, cam, score, td != null && td.outside(score), cs == null ? null : cs.set(calibrated, o.alpha)));
			}
		}
		return out;
	}

	/** Every input in path order: the files detected, the unusable links and folders as errors. */
	public List<FileResult> detectFiles(ImageInputs inputs, Options o, Progress progress) {
		List<FileResult> results = new ArrayList<>(detectFiles(inputs.files, o, progress));
		for (io.github.bonefracture.data.FileTree.Problem p : inputs.problems) results.add(new FileResult(p.path, null, p.reason));
		results.sort((a, b) -> a.file.compareTo(b.file));
		return results;
	}

	/**
	 * Every file in order; unreadable ones get an error and the rest go on.
	 * Reading overlaps the network (see {@link FileDetection}).
	 */
	public List<FileResult> detectFiles(List<Path> files, Options o, Progress progress) {
		return new FileDetection(this, pre).run(files, o, progress);
	}

	private static List<FloatImage> flip(List<FloatImage> batch) {
		List<FloatImage> l = new ArrayList<>();
		for (FloatImage i : batch) l.add(Augmentation.flipHorizontal(i));
		return l;
	}

	private static final class Forward {
		double[] p;
		List<FloatImage> cams;
		/** [image][channel]: the feature maps' means, what the head reads; null when not asked for. */
		double[][] pooled;
	}

	private Forward forward(List<FloatImage> batch, boolean wantCam, Inference engine) {
		int c = pre.channels(), h = pre.height(), w = pre.width();
		float[] buf = new float[batch.size() * c * h * w];
		for (int k = 0; k < batch.size(); k++) {
			float[] t = pre.normalise(batch.get(k));
			System.arraycopy(t, 0, buf, k * t.length, t.length);
		}
		boolean cam = wantCam && featureLayer != null;
		boolean pool = model.metadata.inDistribution != null && featureLayer != null && engine != inferenceInt8;
		Inference.Output out = engine.run(buf, new long[] {batch.size(), c, h, w}, cam || pool);
		Forward f = new Forward();
		f.p = out.probabilities;
		if (pool) f.pooled = FeatureMaps.pooled(out.features, out.featureShape);
		if (cam) {
			INDArray weights, bias;
			synchronized (net) {
				weights = net.getLayer(outputLayer).getParam("W").dup();
				bias = net.getLayer(outputLayer).getParam("b").dup();
			}
			long[] shape = {out.featureShape[0], out.featureShape[1], out.featureShape[2], out.featureShape[3]};
			f.cams = FeatureMaps.cams(Nd4j.create(out.features, shape, 'c'), weights, bias.getDouble(0));
		}
		return f;
	}
}
