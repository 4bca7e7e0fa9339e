package io.github.bonefracture.fiji;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Opt;
import io.github.bonefracture.options.Options;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.object.ObjectService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;
import org.scijava.prefs.PrefService;
import org.scijava.widget.InputHarvester;
import org.scijava.widget.InputPanel;

/**
 * The SciJava face's two steps, through SciJava's own preprocessing chain.
 * Fiji's dialog is scijava-ui-swing's SwingInputHarvester (not on Maven
 * Central), which shows a widget for every input not yet resolved
 * (scijava-common AbstractInputHarvester.addInput: "skip resolved inputs");
 * a stand-in harvester at its priority records those inputs and answers as a
 * user would. What the recorder writes follows imagej-legacy's
 * MacroRecorderPostprocessor: every input with a value, except those of
 * visibility INVISIBLE or MESSAGE.
 */
class TwoStepDialogTest {

	/** Stands in for Fiji's dialog: records what it would show and lets the test's user answer. */
	public static class Dialog extends AbstractPreprocessorPlugin implements InputHarvester<Object, Object> {

		@Parameter
		ObjectService objects;

		@Override
		public void process(Module module) {
			User user = objects.getObjects(User.class).get(0);
			user.shown.add(module.getInfo().getTitle() + ": " + unresolved(module));
			user.answer.accept(this, module);
		}

		@Override
		public InputPanel<Object, Object> createInputPanel() {
			throw new UnsupportedOperationException("the stand-in has no panel");
		}

		@Override
		public void buildPanel(InputPanel<Object, Object> panel, Module module) {
			throw new UnsupportedOperationException("the stand-in has no panel");
		}

		@Override
		public boolean harvestInputs(InputPanel<Object, Object> panel, Module module) {
			throw new UnsupportedOperationException("the stand-in has no panel");
		}
	}

	/** A user: the dialogs it was shown (title: unresolved keys) and what it does in each. */
	static final class User {
		final List<String> shown = new ArrayList<>();
		final BiConsumer<Dialog, Module> answer;

		User(BiConsumer<Dialog, Module> answer) {
			this.answer = answer;
		}
	}

	Context context;

	@BeforeEach
	void setUp() {
		System.setProperty("java.awt.headless", "true");
		PluginIndex index = new PluginIndex();
		PluginInfo<PreprocessorPlugin> dialog = new PluginInfo<>(Dialog.class, PreprocessorPlugin.class);
		dialog.setPriority(InputHarvester.PRIORITY);
		index.add(dialog);
		context = new Context(Arrays.asList(CommandService.class, ModuleService.class, PluginService.class, ObjectService.class,
			PrefService.class, LogService.class, StatusService.class), index);
		context.service(PrefService.class).clearAll();
	}

	@AfterEach
	void tearDown() {
		context.dispose();
	}

	static List<String> unresolved(Module m) {
		List<String> l = new ArrayList<>();
		for (ModuleItem<?> item : m.getInfo().inputs())
			if (!m.isInputResolved(item.getName())) l.add(item.getName());
		return l;
	}

	static String keys(List<Opt> opts, String... more) {
		List<String> l = opts.stream().map(Opt::key).collect(Collectors.toList());
		l.addAll(Arrays.asList(more));
		return l.toString();
	}

	Module run(User user) throws Exception {
		context.service(ObjectService.class).addObject(user);
		return context.service(ModuleService.class).run(context.service(CommandService.class).getCommand(TrainModelCommand.class), true).get();
	}

	/** Saves a last answer as SciJava does after a dialog (SaveInputsPostprocessor: ModuleService.save). */
	@SuppressWarnings("unchecked")
	private void remember(String key, Object value) {
		ModuleService modules = context.service(ModuleService.class);
		Module m = modules.createModule(context.service(CommandService.class).getCommand(TrainModelCommand.class));
		modules.save((ModuleItem<Object>) m.getInfo().getInput(key), value);
	}

	/** What imagej-legacy's MacroRecorderPostprocessor would write: every input with a value, by key. */
	static List<String> recorded(Module m) {
		List<String> l = new ArrayList<>();
		for (ModuleItem<?> item : m.getInfo().inputs()) {
			if (item.getVisibility() == org.scijava.ItemVisibility.INVISIBLE || item.getVisibility() == org.scijava.ItemVisibility.MESSAGE) continue;
			if (m.getInput(item.getName()) != null) l.add(item.getName());
		}
		return l;
	}

	@Test
	void firstDialogShowsTheEssentialOptionsAndTheAdvancedOnesWaitAtTheirDefaults() throws Exception {
		Job job = Job.TRAIN;
		User user = new User((dialog, module) -> dialog.cancel("the user only looks"));
		Module m = run(user);
		assertEquals(List.of(job.title() + ": " + keys(Options.essential(job), DeclaredJobCommand.ADVANCED, DeclaredJobCommand.HELP)), user.shown);
		assertTrue(Options.essential(job).size() <= 12, "Train's first step stays short: " + Options.essential(job).size());
		for (Opt o : Options.advanced(job)) {
			assertEquals(o.defaultValue(), m.getInput(o.key()), o.key());
			assertFalse(m.getInfo().getInput(o.key()).isPersisted(), o.key() + ": an unseen default must not overwrite the last answer");
		}
		assertTrue(((org.scijava.Cancelable) m).isCanceled(), "the stand-in user canceled");
	}

	@Test
	void advancedButtonAsksForTheOtherOptionsFromTheLastAnswersAndTheRecorderWritesEveryKey() throws Exception {
		Job job = Job.TRAIN;
		Opt innerFolds = Options.find(job, "inner_folds");
		assertFalse(innerFolds.essentialIn(job), "the test needs an advanced option");
		// The user's last answer, as SciJava remembers it (DeclaredJobCommand's persist key).
		remember("batch_size", 5);
		Module[] seen = new Module[1];
		User user = new User((dialog, module) -> {
			if (dialog.objects.getObjects(User.class).get(0).shown.size() == 1) {
				seen[0] = module;
				invoke(module, DeclaredJobCommand.ADVANCED);
				// Back in the first dialog: the same inputs wait for an answer as before the click.
				assertEquals(keys(Options.essential(job), DeclaredJobCommand.ADVANCED, DeclaredJobCommand.HELP), unresolved(module).toString());
				dialog.cancel("the user stops before training");
			} else {
				assertEquals(5, module.getInput("batch_size"), "the advanced step starts from the last answer");
				module.setInput(innerFolds.key(), 3);
			}
		});
		Module m = run(user);
		assertEquals(2, user.shown.size(), user.shown.toString());
		assertEquals(job.title() + ": advanced options: " + keys(Options.advanced(job)), user.shown.get(1));
		assertEquals(3, m.getInput(innerFolds.key()));
		assertTrue(m.getInfo().getInput(innerFolds.key()).isPersisted(), "a value the user saw is remembered");
		assertEquals(job.title(), m.getInfo().getTitle());
		for (Opt o : Options.of(job)) {
			if (o.defaultValue() != null || m.getInput(o.key()) != null)
				assertTrue(recorded(m).contains(o.key()), o.key() + " is recorded: " + recorded(m));
		}
		assertFalse(recorded(m).contains(DeclaredJobCommand.ADVANCED));
		assertFalse(recorded(m).contains(DeclaredJobCommand.HELP));
	}

	@Test
	void everyJobsFirstStepIsShortAndItsButtonsFollowIt() throws Exception {
		for (Job job : Job.values()) {
			assertTrue(Options.essential(job).size() <= 12, job + ": " + Options.essential(job).size() + " essential options");
			assertEquals(Options.of(job), concat(Options.essential(job), Options.advanced(job)), job.toString());
		}
	}

	private static List<Opt> concat(List<Opt> a, List<Opt> b) {
		List<Opt> l = new ArrayList<>(a);
		l.addAll(b);
		return l;
	}

	private static void invoke(Module m, String button) {
		try {
			m.getInfo().getInput(button).callback(m);
		} catch (org.scijava.module.MethodCallException e) {
			throw new AssertionError(button + " has no working callback", e);
		}
	}
}
