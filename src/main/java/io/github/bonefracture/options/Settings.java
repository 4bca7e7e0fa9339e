package io.github.bonefracture.options;

import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.TrainingConfig;
import io.github.bonefracture.export.ExportOptions;

import java.io.File;

/** What one run of a job was given, filled from the options by any front end. */
public final class Settings {
	public final Job job;
	public final TrainingConfig training;
	public final Detector.Options detection = new Detector.Options();
	public final ExportOptions export = new ExportOptions();
	/** The generator file to write (Train Image Generator) or sample (Generate Synthetic X-rays). */
	public File generator;
	/** Synthetic images per class to generate. */
	public int syntheticCount;
	public long samplingSeed;
	/** The image folder (or, on the command line, one image) to detect. */
	public File input;
	public File dataset;
	public File model;
	public File output;
	public int k;
	public long foldSeed;
	public int repeats;
	/** An earlier run's summary.json to run again on the same folds, or null. */
	public File rerun;
	/** An earlier run's summary.json whose first configuration runs beside this one on the same folds, or null. */
	public File compareWith;
	public boolean compareBaseline;
	/** auto, onednn or dl4j: which library computes (backend.Backends decides what auto means here). */
	public String backend;

	Settings(Job job) {
		this(job, TrainingConfig.reference());
	}

	Settings(Job job, TrainingConfig training) {
		this.job = job;
		this.training = training;
	}
}
