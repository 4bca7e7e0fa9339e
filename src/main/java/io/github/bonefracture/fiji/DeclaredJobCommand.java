package io.github.bonefracture.fiji;

import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Opt;
import io.github.bonefracture.options.Options;
import io.github.bonefracture.options.Settings;

import org.scijava.command.DynamicCommand;
import org.scijava.command.DynamicCommandInfo;
import org.scijava.log.LogService;
import org.scijava.module.DefaultMutableModuleItem;
import org.scijava.plugin.Parameter;
import org.scijava.task.TaskService;
import org.scijava.app.StatusService;

/**
 * A SciJava command whose inputs are the job's declared options, added when
 * its metadata is first asked for (after the context is injected, before any
 * preprocessor reads the inputs). Each input is named by its key, so macros
 * and the recorder use the same keys as every other face.
 */
public abstract class DeclaredJobCommand extends DynamicCommand {

	@Parameter
	StatusService status;

	@Parameter
	LogService log;

	@Parameter(required = false)
	TaskService tasks;

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
		}
		return info;
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
			case DOUBLE: item.setMinimumValue(o.min()); item.setMaximumValue(o.max()); break;
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
