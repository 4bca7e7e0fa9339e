package io.github.bonefracture.engine;

import io.github.bonefracture.nets.BaselineCnn;
import io.github.bonefracture.nets.DenseNet121;
import io.github.bonefracture.preprocess.Preprocessing;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.Locale;

/** The two networks of the reference study. */
public enum Architecture {
	/** DenseNet121 transfer learning: the study's winner. */
	DENSENET121("densenet121"),
	/** The study's naive CNN baseline. */
	BASELINE_CNN("baseline-cnn");

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
		throw new io.github.bonefracture.core.InvalidInputException("Unknown architecture '" + s + "': use densenet121 or baseline-cnn");
	}

	/** Name of the layer whose output the class-activation map weighs, or null without one. */
	public String featureLayer() {
		return this == DENSENET121 ? DenseNet121.FEATURES : null;
	}

	public String outputLayer() {
		return this == DENSENET121 ? DenseNet121.OUTPUT : BaselineCnn.OUTPUT;
	}

	public Preprocessing preprocessing(TrainingConfig c) {
		return this == DENSENET121 ? Preprocessing.imagenet(c.imageSize)
			: Preprocessing.grey(c.baselineWidth, c.baselineHeight);
	}

	/** A fresh network with random weights drawn from the config's seed. */
	public ComputationGraph build(TrainingConfig c) {
		if (this == DENSENET121) {
			return DenseNet121.builder().inputSize(c.imageSize, c.imageSize).blocks(c.denseBlocks).growthRate(c.growthRate)
				.stemFilters(2 * c.growthRate).dropout(c.dropout).batchNormMomentum(c.batchNormMomentum).seed(c.seed).build().init();
		}
		return BaselineCnn.builder().inputSize(c.baselineHeight, c.baselineWidth).filters(c.baselineFilters).dense(c.baselineDense)
			.dropout(c.dropout).seed(c.seed).build().init();
	}
}
