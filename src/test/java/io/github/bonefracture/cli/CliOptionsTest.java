package io.github.bonefracture.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Opt;
import io.github.bonefracture.options.Options;

import java.io.File;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The command line's face of the option declaration: every declared option, its names, and its defaults. */
class CliOptionsTest {

	static final Map<Job, String> CLI = Map.of(Job.DETECT_FOLDER, "detect", Job.TRAIN, "train", Job.KFOLD_EVALUATE, "eval-w-kfold", Job.EVALUATE, "evaluate", Job.EXPORT, "export");

	@Test
	void everyJobHasExactlyTheDeclaredOptions() {
		CommandLine root = Main.commandLine();
		for (Map.Entry<Job, String> e : CLI.entrySet()) {
			CommandSpec spec = root.getSubcommands().get(e.getValue()).getCommandSpec();
			Set<String> declared = new HashSet<>();
			for (Opt o : Options.of(e.getKey())) {
				OptionSpec s = spec.findOption(o.cliName());
				assertNotNull(s, e.getValue() + " lacks " + o.cliName());
				assertEquals(new HashSet<>(o.cliNames()), new HashSet<>(List.of(s.names())), e.getValue() + " " + o);
				assertEquals(o.required(), s.required(), e.getValue() + " " + o);
				assertEquals(o.kind() == Opt.Kind.BOOLEAN && Boolean.TRUE.equals(o.defaultValue()), s.negatable(), e.getValue() + " " + o);
				declared.addAll(List.of(s.names()));
			}
			for (OptionSpec s : spec.options()) {
				boolean own = declared.contains(s.longestName()) || s.usageHelp() || s.versionHelp() || s.longestName().equals("--verbose");
				assertTrue(own, e.getValue() + " has an undeclared option " + s.longestName());
			}
		}
	}

	@Test
	void missingOptionsTakeTheDeclaredDefaults() {
		for (Map.Entry<Job, String> e : CLI.entrySet()) {
			CommandLine root = Main.commandLine();
			switch (e.getKey()) {
				case TRAIN: root.parseArgs(e.getValue(), "-i", "/x", "-o", "/x", "--lr1", "0.001"); break;
				case KFOLD_EVALUATE: root.parseArgs(e.getValue(), "-i", "/x", "--fold-seed", "42"); break;
				case EXPORT: root.parseArgs(e.getValue(), "-m", "/x", "-o", "/x"); break;
				default: root.parseArgs(e.getValue(), "-i", "/x", "-m", "/x"); break;
			}
			CommandSpec spec = root.getSubcommands().get(e.getValue()).getCommandSpec();
			var cli = JobOptions.settings(spec, e.getKey());
			var declared = Options.settings(e.getKey(), o -> o.required() ? new File("/x") : null);
			assertEquals(declared.training.toJson(), cli.training.toJson(), e.getValue());
			assertEquals(declared.detection.heatmap, cli.detection.heatmap);
			assertEquals(declared.detection.batchSize, cli.detection.batchSize);
			assertEquals(declared.k, cli.k);
			assertEquals(declared.export.format, cli.export.format);
			assertEquals(declared.export.license, cli.export.license);
		}
	}

	@Test
	void negatableSwitchesAndEarlierSpellingsStillWork() {
		CommandLine root = Main.commandLine();
		root.parseArgs("train", "-i", "/d", "-o", "/m.zip", "--no-flip", "--seed", "7", "--val-seed", "9", "--class-weights",
			"--reuse-base-features", "--rotation", "0", "--zoom", "0", "--brightness", "0", "--pretrain-epochs1", "3", "--blocks", "2,2,2,2");
		var s = JobOptions.settings(root.getSubcommands().get("train").getCommandSpec(), Job.TRAIN).training;
		assertFalse(s.augmentFlip);
		assertEquals(7, s.seed);
		assertEquals(9, s.validationSeed);
		assertTrue(s.classWeights);
		assertTrue(s.reuseBaseFeatures);
		assertEquals(3, s.pretrainPhase1Epochs);
		assertArrayEquals(new int[] {2, 2, 2, 2}, s.denseBlocks);
	}
}
