package io.github.bonefracture.fiji;

import ij.Macro;

import org.scijava.Priority;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * imagej-legacy's MacroPreprocessor, which is not on Maven Central, as its
 * source states the rule (net.imagej.legacy.plugin.MacroPreprocessor,
 * priority 2 x VERY_HIGH): when a macro runs, for every input, the value is
 * {@code Macro.getValue(Macro.getOptions(), name, null)} (IJ1Helper's
 * getMacroParameter); a missing key is skipped, a value the ConvertService
 * cannot turn into the input's type is skipped, any other is set and the
 * input resolved.
 */
@Plugin(type = PreprocessorPlugin.class, priority = 2 * Priority.VERY_HIGH)
public class LegacyMacroRule extends AbstractPreprocessorPlugin {

	@Parameter
	private ConvertService convertService;

	@Override
	public void process(Module module) {
		String options = Macro.getOptions();
		if (options == null) return;
		for (ModuleItem<?> input : module.getInfo().inputs()) {
			String value = Macro.getValue(options, input.getName(), null);
			if (value == null || !convertService.supports(value, input.getType())) continue;
			module.setInput(input.getName(), convertService.convert(value, input.getType()));
			module.resolveInput(input.getName());
		}
	}
}
