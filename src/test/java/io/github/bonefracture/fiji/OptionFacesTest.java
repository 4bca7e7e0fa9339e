package io.github.bonefracture.fiji;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Opt;
import io.github.bonefracture.options.Options;

import ij.Macro;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

/**
 * Walks the option declaration and every face built from it: the command
 * line, the SciJava commands and the plain-ImageJ macro keys. Any option
 * missing from a face, or there with another key, default or range, fails.
 */
class OptionFacesTest {

	static Context context;

	static final Map<Job, Class<? extends DeclaredJobCommand>> SCIJAVA = Map.of(Job.DETECT, DetectFractureCommand.class,
		Job.DETECT_FOLDER, DetectFolderCommand.class, Job.TRAIN, TrainModelCommand.class, Job.KFOLD_EVALUATE, KFoldEvaluateCommand.class,
		Job.EVALUATE, EvaluateModelCommand.class, Job.EXPORT, ExportModelCommand.class, Job.TRAIN_GENERATOR, TrainImageGeneratorCommand.class,
		Job.GENERATE_SYNTHETIC, GenerateSyntheticCommand.class);
	/** Inputs of the SciJava commands that are not options: services, and the active image that SciJava fills. */
	static final Set<String> NOT_OPTIONS = Set.of("context", "commandService", "pluginService", "moduleService", "status", "log", "tasks",
		"detectors", "image", "plugins", "modules");

	@BeforeAll
	static void context() {
		context = new Context(CommandService.class, org.scijava.app.StatusService.class, org.scijava.log.LogService.class, DetectorService.class);
	}

	@AfterAll
	static void dispose() {
		context.dispose();
	}

	static Module module(Job job) throws Exception {
		return context.service(ModuleService.class).createModule(context.service(CommandService.class).getCommand(SCIJAVA.get(job)));
	}

	@Test
	void everySciJavaCommandHasExactlyTheDeclaredInputs() throws Exception {
		for (Job job : Job.values()) {
			Module m = module(job);
			List<String> inputs = new ArrayList<>();
			for (ModuleItem<?> item : m.getInfo().inputs()) {
				if (NOT_OPTIONS.contains(item.getName())) continue;
				// The two-step dialog's buttons: no value, so never recorded, and not options.
				if (item.getName().equals(DeclaredJobCommand.ADVANCED) || item.getName().equals(DeclaredJobCommand.HELP)) {
					assertEquals(org.scijava.widget.Button.class, item.getType(), job + " " + item.getName());
					continue;
				}
				inputs.add(item.getName());
				Opt o = Options.find(job, item.getName());
				assertEquals(o.kind().type(), item.getType(), job + " " + o);
				assertEquals(o.defaultValue(), item.getDefaultValue(), job + " " + o);
				assertEquals(o.label(), item.getLabel(), job + " " + o);
				assertEquals(o.required(), item.isRequired(), job + " " + o);
				if (o.isNumber()) {
					assertEquals(o.min(), ((Number) item.getMinimumValue()).doubleValue(), 1e-9, job + " " + o);
					assertEquals(o.max(), ((Number) item.getMaximumValue()).doubleValue(), 1e-9, job + " " + o);
				}
				if (o.kind() == Opt.Kind.CHOICE) assertEquals(o.choices(), item.getChoices(), job + " " + o);
			}
			assertEquals(Options.of(job).stream().map(Opt::key).collect(Collectors.toList()), inputs, job.toString());
		}
	}

	/** Each face, given nothing but the required options, runs with the declared defaults. */
	@Test
	void missingOptionsTakeTheDeclaredDefaultOnEveryFace() throws Exception {
		String required = "dataset_folder=/d input_folder=/i model_file=/m.zip";
		for (Job job : List.of(Job.TRAIN, Job.KFOLD_EVALUATE)) {
			String macro = ImageJ1Plugin.fromMacro(job, required + " flip").training.toJson();
			String declared = Options.settings(job, o -> o.required() ? new java.io.File("/x") : null).training.toJson();
			assertEquals(declared, macro, job + ": a macro gets the declared defaults (with the ticked box)");
		}
	}

	/**
	 * No key of a command can take another key's value under ImageJ's own
	 * {@code Macro.getValue} (a key matches where no letter precedes it, so
	 * "seed" would match inside "fold_seed=7"), nor be read from another's bare word.
	 */
	@Test
	void noKeyReadsAnotherKeysValueUnderImageJsRules() {
		for (Job job : Job.values()) {
			List<Opt> opts = Options.of(job);
			for (Opt a : opts) {
				for (Opt b : opts) {
					if (a == b) continue;
					String line = b.key() + "=[7] ";
					assertNull(Macro.getValue(line, a.key(), null), job + ": key " + a.key() + " reads " + b.key() + "'s value");
					assertFalse(MacroKeys.bareWord(b.key() + " ", a.key()), job + ": key " + a.key() + " matches the bare word " + b.key());
				}
				assertEquals("7", Macro.getValue(a.key() + "=7 ", a.key(), null));
			}
		}
		// The rule is real: this is the defect the declaration's keys avoid.
		assertEquals("7", Macro.getValue("fold_seed=7 ", "seed", null));
	}
}
