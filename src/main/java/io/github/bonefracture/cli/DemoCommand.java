package io.github.bonefracture.cli;

import io.github.bonefracture.core.ConsoleProgress;
import io.github.bonefracture.core.OptionCheck;
import io.github.bonefracture.usecase.RunDemo;
import io.github.bonefracture.engine.KFoldResult;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
	description = "The whole job in a few minutes on 2 cores: pretrain a small DenseNet on synthetic x-rays (the role MURA plays "
		+ "in the reference), k-fold it against the baseline CNN on the bundled sample images, train the final model, detect every sample.")
final class DemoCommand implements Callable<Integer> {

	@Option(names = {"-i", "--input"}, defaultValue = "sample-images", description = "Dataset (default: ${DEFAULT-VALUE}; generated when missing).")
	Path input;

	@Option(names = {"-o", "--output"}, defaultValue = "target/demo", description = "Work folder (default: ${DEFAULT-VALUE}).")
	Path output;

	@Option(names = {"-k", "--folds"}, defaultValue = "3", description = "Folds (default: ${DEFAULT-VALUE}).")
	int k;

	@Option(names = "--pretrain-images", defaultValue = "300", description = "Synthetic pretraining images per class (default: ${DEFAULT-VALUE}).")
	int pretrainImages;

	@Override
	public Integer call() {
		ConsoleProgress progress = ConsoleProgress.forTerminal();
		long t0 = System.nanoTime();
		// This command's own options (no other face has them): their ranges here, beside their declaration.
		OptionCheck.count("k", k, 2, 66);
		OptionCheck.count("pretrain_images", pretrainImages, 10, 100_000);
		RunDemo.Result r = RunDemo.run(input, output, k, pretrainImages, progress);
		System.out.println();
		System.out.println("== Demo figures (" + r.data + ")");
		for (KFoldResult f : r.kfold) System.out.print(f.report());
		System.out.printf(Locale.ROOT, "Final model %s: %d of %d sample images labelled correctly (its own training data)%n", r.model, r.correct, r.detected);
		System.out.println("Annotated images and detections.csv: " + r.detections);
		System.out.printf(Locale.ROOT, "Demo took %.0f s%n", (System.nanoTime() - t0) / 1e9);
		return Main.DONE;
	}
}
