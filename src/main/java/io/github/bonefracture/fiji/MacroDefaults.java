package io.github.bonefracture.fiji;

import io.github.bonefracture.options.Opt;
import io.github.bonefracture.options.Options;

import ij.Macro;

import org.scijava.module.Module;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * ImageJ's macro semantics for this plugin's commands. imagej-legacy's
 * MacroPreprocessor (priority 2 x VERY_HIGH) fills and resolves every input
 * whose key the macro line has as key=value, and leaves the rest unresolved,
 * so SciJava's LoadInputsPreprocessor (priority -9999) would give them the
 * values the dialog last remembered. Between the two, this gives each
 * missing key what ImageJ's recorder means by leaving it out: false for a
 * checkbox (an unticked box is recorded by omission; a ticked one may be a
 * bare word), the declared default for anything else.
 */
@Plugin(type = PreprocessorPlugin.class, priority = -5000)
public class MacroDefaults extends AbstractPreprocessorPlugin {

	@Override
	public void process(Module module) {
		if (!(module.getDelegateObject() instanceof DeclaredJobCommand)) return;
		String options = Macro.getOptions();
		if (options == null) return;
		DeclaredJobCommand command = (DeclaredJobCommand) module.getDelegateObject();
		for (Opt o : Options.of(command.job())) {
			if (module.isInputResolved(o.key())) continue;
			Object value = o.kind() == Opt.Kind.BOOLEAN ? (Object) MacroKeys.bareWord(options, o.key()) : o.defaultValue();
			module.setInput(o.key(), value);
			module.resolveInput(o.key());
		}
	}
}
