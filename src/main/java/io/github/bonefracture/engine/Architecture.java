package io.github.bonefracture.engine;

import io.github.bonefracture.nets.BaselineCnn;
import io.github.bonefracture.nets.DenseNet121;
import io.github.bonefracture.nets.SmallCnn;
import io.github.bonefracture.preprocess.Preprocessing;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.Locale;

/** The two networks of the reference study, and a standard small CNN as a second baseline. */
public enum Architecture {
	/** DenseNet121 transfer learning: the study's winner. */
	DENSENET121("densenet121"),
	/** The study's naive CNN baseline. */
	BASELINE_CNN("baseline-cnn"),
	/** A standard small CNN (3x3 convolutions, BatchNorm): a baseline that can see edges. */
	SMALL_CNN("small-cnn");

	private final String id;

	Architecture(String id) {
		this.id = id;
	}

	public String id() {
		return id;
	}

	public static Architecture parse(String s) {
		String n = s.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(" ", "-");
		for (Architecture a : values()) if (a.id.equals(n) || a.name().equalsIgnoreCase(s.trim())) return a;
		if (n.equals("densenet") || n.equals("densenet-121")) return DENSENET121;
		if (n.equals("baseline") || n.equals("cnn") || n.equals("naive-cnn")) return BASELINE_CNN;
		throw new io.github.bonefracture.core.InvalidInputException("Unknown architecture '" + s + "': use densenet121, baseline-cnn or small-cnn");
	}

	/** Name of the layer whose output the class-activation map weighs, or null without one. */
	public String featureLayer() {
		return this == DENSENET121 ? DenseNet121.FEATURES : null;
	}

	public String outputLayer() {
		return this == DENSENET121 ? DenseNet121.OUTPUT : this == SMALL_CNN ? SmallCnn.OUTPUT : BaselineCnn.OUTPUT;
	}

	public Preprocessing preprocessing(TrainingConfig c) {
		switch (this) {
			case DENSENET121: return Preprocessing.imagenet(c.imageSize);
			case SMALL_CNN: return Preprocessing.grey(c.imageSize, c.imageSize);
			default: return Preprocessing.grey(c.baselineWidth, c.baselineHeight);
		}
	}

	/** A fresh network with random weights drawn from the config's seed. */
	public ComputationGraph build(TrainingConfig c) {
		if (this == DENSENET121) {
			return DenseNet121.builder().inputSize(c.imageSize, c.imageSize).blocks(c.denseBlocks).growthRate(c.growthRate)
				.stemFilters(2 * c.growthRate).dropout(c.dropout).batchNormMomentum(c.batchNormMomentum).seed(c.seed).build().init();
		}
		if (this == SMALL_CNN) return SmallCnn.build(c.imageSize, c.dropout, c.batchNormMomentum, c.seed);
		return BaselineCnn.builder().inputSize(c.baselineHeight, c.baselineWidth).filters(c.baselineFilters).dense(c.baselineDense)
			.dropout(c.dropout).seed(c.seed).build().init();
	}
}
