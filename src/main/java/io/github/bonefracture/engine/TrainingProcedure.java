package io.github.bonefracture.engine;

import io.github.bonefracture.core.Progress;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.Locale;

/**
 * What training does with a set of images, the same for Train Model and for
 * each fold of K-Fold Evaluate: the model trains on them (less a validation
 * split when early stopping needs one); its threshold, calibration and
 * conformal sets are learned on held-out predictions of the same
 * procedure: the out-of-fold predictions of an inner cross-validation
 * (inner_folds models, each trained on the other inner folds' images,
 * whole patients), or, with inner_folds 0, the model's predictions on one
 * validation split.
 */
final class TrainingProcedure {

	/** A trained model and what it learned about its decision. */
	static final class Fitted {
		final Trainer.Result result;
		/** The images the model trained on, without synthetic ones. */
		final LoadedImages trainedOn;
		final Decision decision;
		/** Held-out images' network P(fracture), targets and conformal scores (ascending). */
		final double[] heldOutP;
		final int[] heldOutY;
		final double[] conformalScores;
		/** Where the held-out predictions came from, for the log. */
		final String heldOutFrom;
		/** Held-out images' distances to their model's training data (inner folds), or null. */
		final double[] heldOutDistances;
		final String[] generatorImages;

		Fitted(Trainer.Result result, LoadedImages trainedOn, Decision decision, double[] p, int[] y, String from, double[] distances, String[] generatorImages) {
			this.result = result;
			this.trainedOn = trainedOn;
			this.decision = decision;
			this.heldOutP = p;
			this.heldOutY = y;
			this.conformalScores = ConformalSets.fit(decision.calibration.apply(p), y).scores;
			this.heldOutFrom = from;
			this.heldOutDistances = distances;
			this.generatorImages = generatorImages;
		}
	}

	private TrainingProcedure() {}

	/**
	 * The inner folds of these images (whole patients, both classes in every
	 * fold): inner_folds of them, fewer when the patients or a class's images
	 * are fewer; empty when not even 2 can be made (or fewer than 2 are asked for).
	 */
	static java.util.Optional<int[]> innerFolds(TrainingConfig c, LoadedImages images) {
		long groups = java.util.Arrays.stream(images.groups()).distinct().count();
		int pos = 0;
		for (int t : images.targets()) pos += t;
		int k = (int) Math.min(Math.min(c.innerFolds, groups), Math.min(pos, images.size() - pos));
		for (; k >= 2; k--) {
			try {
				return java.util.Optional.of(Splits.groupedFolds(images.targets(), images.groups(), k, c.validationSeed));
			} catch (io.github.bonefracture.core.InvalidInputException e) {
				// Whole patients could not give every fold both classes: try fewer folds.
			}
		}
		return java.util.Optional.empty();
	}

	/**
	 * Trains a copy of start on images and learns its decision. describe:
	 * for a model file (Train Model): also measure held-out images' distances
	 * in each inner model's feature space (the training-data cut-off), and warn
	 * here of a held-out AUC below 0.5 or a dropped calibration (a k-fold's
	 * folds are warned of where they are gathered, which may be another
	 * machine).
	 */
	static Fitted run(TrainingConfig c, LoadedImages images, Trainer trainer, ComputationGraph start, boolean describe, String label) {
		Progress progress = trainer.progress();
		int[] innerFold = innerFolds(c, images).orElse(null);
		int inner = innerFold == null ? 0 : java.util.Arrays.stream(innerFold).max().getAsInt() + 1;
		if (c.innerFolds >= 2 && inner == 0)
			progress.warn(label + "an inner cross-validation needs at least 2 images of each class in 2 folds; learning the decision on one validation split instead");
		else if (inner > 0 && inner < c.innerFolds)
			progress.info(String.format(Locale.ROOT, "%s%d inner folds instead of %d: there are too few patients or images of a class for more", label, inner, c.innerFolds));
		Model m = model(c, images, trainer, start, inner == 0, label);
		double[] p;
		int[] y, fold = null;
		double[] distances = null;
		String from;
		if (inner == 0) {
			p = m.val.size() == 0 ? new double[0] : trainer.predict(m.result.network, m.val);
			y = m.val.targets();
			from = "validation images";
			if (describe && c.architecture.featureLayer() != null && m.val.size() > 0)
				distances = InnerDistances.of(c, m.result.network, m.trainedOn, m.val, trainer);
		} else {
			int[] folds = innerFold;
			p = new double[images.size()];
			y = images.targets();
			fold = folds;
			boolean features = describe && c.architecture.featureLayer() != null;
			distances = features ? new double[images.size()] : null;
			for (int f = 0; f < inner; f++) {
				progress.checkCanceled();
				int[] in = Splits.where(folds, f, false), out = Splits.where(folds, f, true);
				LoadedImages held = images.subset(out);
				// The training curves show the model's own epochs, not the inner models'.
				Model im = model(c, images.subset(in), trainer.unheard(), start, false, String.format(Locale.ROOT, "%sinner fold %d/%d: ", label, f + 1, inner));
				double[] ph = trainer.predict(im.result.network, held);
				for (int i = 0; i < out.length; i++) p[out[i]] = ph[i];
				if (features) {
					double[] d = InnerDistances.of(c, im.result.network, im.trainedOn, held, trainer);
					for (int i = 0; i < out.length; i++) distances[out[i]] = d[i];
				}
			}
			from = String.format(Locale.ROOT, "out-of-fold predictions of a %d-fold inner cross-validation", inner);
		}
		Decision d = Decision.learn(c, p, y, fold);
		double auc = d.heldOutAuc;
		// A fold's is said where the folds are gathered (KFoldEvaluator), which may be another machine's log.
		if (describe && auc < 0.5)
			progress.warn(String.format(Locale.ROOT, "%sheld-out AUC %.3f is below 0.5: the model ranks normals above fractures on images it did not train on "
				+ "(class folders swapped, or nothing learned); do not use it as it is", label, auc));
		if (describe && d.calibration.dropped != null) progress.warn(label + d.calibration.dropped);
		return new Fitted(m.result, m.trainedOn, d, p, y, from, distances, m.generatorImages);
	}

	/** One model trained on images: a validation split kept out when early stopping (or the single-split decision) needs it. */
	private static Model model(TrainingConfig c, LoadedImages images, Trainer trainer, ComputationGraph start, boolean splitForDecision, String label) {
		LoadedImages train = images, val = images.subset(new int[0]);
		if (splitForDecision || c.earlyStoppingPatience > 0) {
			int[][] split = Splits.groupedHoldout(images.targets(), images.groups(), c.validationFraction, c.validationSeed);
			train = images.subset(split[0]);
			val = images.subset(split[1]);
		}
		SyntheticTraining.Added synthetic = SyntheticTraining.add(c, train, trainer.progress());
		ComputationGraph net = start.clone();
		// The validation images (when split off) give the curves their validation loss, and early stopping its signal.
		trainer.progress().info(label + "Training on " + synthetic.images.size() + " images" + (val.size() > 0 ? ", validating on " + val.size() : ""));
		Trainer.Result r = trainer.train(net, synthetic.images, val.size() > 0 ? val : null);
		return new Model(r, train, val, synthetic.generatorImages);
	}

	private static final class Model {
		final Trainer.Result result;
		final LoadedImages trainedOn;
		final LoadedImages val;
		final String[] generatorImages;

		Model(Trainer.Result result, LoadedImages trainedOn, LoadedImages val, String[] generatorImages) {
			this.result = result;
			this.trainedOn = trainedOn;
			this.val = val;
			this.generatorImages = generatorImages;
		}
	}
}
