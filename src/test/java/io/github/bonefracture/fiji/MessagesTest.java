package io.github.bonefracture.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleRunner;
import org.scijava.module.ModuleService;
import org.scijava.module.process.ModulePreprocessor;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginService;

/** Messages a person reads: wrapped to a readable width, and a missing image said before any dialog asks. */
class MessagesTest {

	static Context context;

	@BeforeAll
	static void context() {
		context = new Context(CommandService.class, org.scijava.app.StatusService.class, org.scijava.log.LogService.class, DetectorService.class);
	}

	@AfterAll
	static void dispose() {
		context.dispose();
	}

	@Test
	void longMessagesAreWrappedAtSpaces() {
		String path = "/data/" + "x".repeat(100) + "/model.zip";
		String message = "Model file " + path + " is damaged: " + "its configuration declares more parameters than this plugin reads ".repeat(4);
		String wrapped = Errors.wrap(message);
		for (String line : wrapped.split("\n")) assertTrue(line.length() <= Errors.WIDTH || line.equals(path), line);
		assertEquals(message.trim().replaceAll("\\s+", " "), wrapped.replace('\n', ' ').replaceAll("\\s+", " "), "nothing lost");
		assertTrue(wrapped.contains(path), "a long path stays whole");
	}

	/** With no image open, Detect Fracture stops in its initializer, before the input harvester (the dialog) runs. */
	@Test
	void detectSaysThereIsNoImageBeforeAskingForSettings() throws Exception {
		assertNull(ij.WindowManager.getCurrentImage());
		Module m = context.service(ModuleService.class).createModule(context.service(CommandService.class).getCommand(DetectFractureCommand.class));
		List<PreprocessorPlugin> pre = context.service(PluginService.class).createInstancesOfType(PreprocessorPlugin.class);
		ModulePreprocessor stopped = new ModuleRunner(context, m, pre, List.of()).preProcess();
		assertNotNull(stopped, "the command went on without an image");
		assertEquals("org.scijava.module.process.InitPreprocessor", stopped.getClass().getName(), "stopped before any dialog would ask");
		assertTrue(stopped.getCancelReason().contains("needs an open image"), stopped.getCancelReason());
	}
}
