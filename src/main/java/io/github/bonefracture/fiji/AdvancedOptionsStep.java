package io.github.bonefracture.fiji;

import org.scijava.module.Module;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;
import org.scijava.widget.InputHarvester;

/**
 * Keeps a command's advanced options out of its first dialog: runs after
 * SciJava loads remembered values (InputHarvester.PRIORITY + 1) and before the
 * dialog (InputHarvester.PRIORITY), and holds each advanced option nobody
 * has set at its declared default (DeclaredJobCommand.holdAdvancedAtDefaults). A macro's keys are resolved long before (imagej-legacy's
 * MacroPreprocessor, then MacroDefaults), so a macro reaches every key; the
 * Advanced options button asks for these in a second dialog.
 */
@Plugin(type = PreprocessorPlugin.class, priority = InputHarvester.PRIORITY + 0.5)
public class AdvancedOptionsStep extends AbstractPreprocessorPlugin {

	@Override
	public void process(Module module) {
		if (!(module.getDelegateObject() instanceof DeclaredJobCommand)) return;
		((DeclaredJobCommand) module.getDelegateObject()).holdAdvancedAtDefaults();
	}
}
