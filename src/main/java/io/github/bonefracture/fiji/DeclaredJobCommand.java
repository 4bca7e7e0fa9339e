package io.github.bonefracture.fiji;

import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Opt;
import io.github.bonefracture.options.Options;
import io.github.bonefracture.options.Settings;

import java.util.ArrayList;
import java.util.List;

import org.scijava.command.DynamicCommand;
import org.scijava.command.DynamicCommandInfo;
import org.scijava.log.LogService;
import org.scijava.module.DefaultMutableModuleItem;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.MutableModuleItem;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.PluginService;
import org.scijava.widget.Button;
import org.scijava.widget.InputHarvester;
import org.scijava.task.TaskService;
import org.scijava.app.StatusService;

/**
 * A SciJava command whose inputs are the job's declared options, added when
 * its metadata is first asked for (after the context is injected, before any
 * preprocessor reads the inputs). Each input is named by its key, so macros
 * and the recorder use the same keys as every other face.
 * <p>
 * Its dialog comes in the same two steps as plain ImageJ's: the essential
 * options, an "Advanced options" button and a Help button; the advanced
 * options wait resolved at their declared defaults ({@link AdvancedOptionsStep})
 * until the button asks for them in a second dialog. They stay inputs of this
 * command, so a macro sets them and the recorder writes them under the same keys.
 */
public abstract class DeclaredJobCommand extends DynamicCommand {

	@Parameter
	StatusService status;

	@Parameter
	LogService log;

	@Parameter(required = false)
	TaskService tasks;

	@Parameter
	PluginService plugins;

	@Parameter
	ModuleService modules;

	/** The inputs that open the advanced step and the help (buttons: no value, so never recorded). */
	static final String ADVANCED = IJ1Dialog.ADVANCED, HELP = "help";

	private boolean declared;

	abstract Job job();

	/** The command's work on this run's settings; a failure ends the command with its message. */
	abstract void run(Settings s, FijiProgress progress);

	@Override
	public final void run() {
		try (FijiProgress progress = progress()) {
			try {
				run(settings(), progress);
			} catch (RuntimeException e) {
				Errors.fail(this, log, job().title(), e);
			}
		}
	}

	@Override
	public DynamicCommandInfo getInfo() {
		DynamicCommandInfo info = super.getInfo();
		if (!declared) {
			declared = true;
			for (Opt o : Options.of(job())) addInput(item(o));
			int more = Options.advanced(job()).size();
			if (more > 0) addInput(button(ADVANCED, "Advanced options (" + more + " more)...", "showAdvancedOptions",
				"Opens the other options in a second dialog; those you do not see keep their declared defaults. A macro reaches every key alike."));
			addInput(button(HELP, "Help", "showHelp", "Every field's meaning, unit and macro key, and the manual's section."));
		}
		return info;
	}

	private DefaultMutableModuleItem<Button> button(String key, String label, String callback, String help) {
		DefaultMutableModuleItem<Button> b = new DefaultMutableModuleItem<>(this, key, Button.class);
		b.setLabel(label);
		b.setDescription(help);
		b.setCallback(callback);
		b.setPersisted(false);
		b.setRequired(false);
		return b;
	}

	/**
	 * The advanced step, called by the button on the dialog's thread: the
	 * dialog's input harvester asks for the advanced options alone, starting
	 * from the user's last answers, then the first dialog's inputs are as they were.
	 */
	void showAdvancedOptions() {
		List<Opt> advanced = Options.advanced(job());
		List<String> hidden = new ArrayList<>();
		for (ModuleItem<?> item : getInfo().inputs()) {
			String key = item.getName();
			if (advanced.stream().anyMatch(o -> o.key().equals(key))) {
				// Held at its default before the first dialog (not persisted): from now on the user sees and keeps it.
				if (!item.isPersisted()) {
					((MutableModuleItem<?>) item).setPersisted(true);
					remembered(item);
				}
				unresolveInput(key);
			} else if (!isInputResolved(key)) {
				hidden.add(key);
				resolveInput(key);
			}
		}
		String title = getInfo().getLabel();
		getInfo().setLabel(job().title() + ": advanced options");
		try {
			for (PreprocessorPlugin p : plugins.createInstancesOfType(PreprocessorPlugin.class))
				if (p instanceof InputHarvester) p.process(this);
		} finally {
			getInfo().setLabel(title);
			for (Opt o : advanced) resolveInput(o.key());
			for (String key : hidden) unresolveInput(key);
		}
	}

	/**
	 * Before the first dialog: each advanced option nobody has set waits
	 * resolved at its declared default, as in plain ImageJ's first step and a
	 * replayed recording, and is not remembered over the user's last answer
	 * unless the advanced step shows it.
	 */
	void holdAdvancedAtDefaults() {
		for (Opt o : Options.advanced(job())) {
			if (isInputResolved(o.key())) continue;
			setInput(o.key(), o.defaultValue());
			resolveInput(o.key());
			((MutableModuleItem<?>) getInfo().getInput(o.key())).setPersisted(false);
		}
	}

	private <T> void remembered(ModuleItem<T> item) {
		T last = modules.load(item);
		if (last != null) setInput(item.getName(), last);
	}

	/** The Help button: the same page as plain ImageJ's Help button. */
	void showHelp() {
		new ij.gui.HTMLDialog(job().title() + ": help", IJ1Dialog.help(job()), false);
	}

	@SuppressWarnings({"unchecked", "rawtypes"})
	private DefaultMutableModuleItem<?> item(Opt o) {
		DefaultMutableModuleItem item = new DefaultMutableModuleItem(this, o.key(), o.kind().type());
		item.setLabel(o.label());
		item.setDescription(o.help());
		item.setRequired(o.required());
		// Dialogs remember what the user typed; a macro's missing keys get the declaration's default (MacroDefaults).
		item.setPersisted(true);
		item.setPersistKey("bonefracture." + job().name().toLowerCase(java.util.Locale.ROOT) + "." + o.key());
		if (o.defaultValue() != null) item.setDefaultValue(o.defaultValue());
		switch (o.kind()) {
			case INT: item.setMinimumValue((int) o.min()); item.setMaximumValue((int) o.max()); break;
			case LONG: item.setMinimumValue((long) o.min()); item.setMaximumValue((long) o.max()); break;
			case DOUBLE:
				item.setMinimumValue(o.min());
				item.setMaximumValue(o.max());
				// Fiji's spinner otherwise pads to the step's twelve decimals (0.001000000000).
				item.setWidgetStyle("format:0.##########");
				break;
			case CHOICE: item.setChoices(o.choices()); break;
			case FILE: item.setWidgetStyle("open"); break;
			case SAVE_FILE: item.setWidgetStyle("save"); break;
			case FOLDER: item.setWidgetStyle("directory"); break;
			default: break;
		}
		return item;
	}

	/** This run's settings, checked against the declaration. */
	Settings settings() {
		return Options.settings(job(), o -> getInput(o.key()));
	}

	FijiProgress progress() {
		return new FijiProgress(status, log, this, tasks == null ? null : tasks.createTask(job().title()));
	}
}
