package io.github.bonefracture.fiji;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.options.Job;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;

import picocli.CommandLine;

/**
 * Every job (options.Job) has every face, under the names the declaration
 * gives it: a SciJava command at its menu path, a plain-ImageJ line in
 * plugins.config and a case in ImageJ1Plugin, a subcommand of the command
 * line (and of the Spark entry point for the jobs it runs). A job added to
 * the declaration without one of them fails here, naming what is missing.
 */
class JobFacesTest {

	static Context context;

	@BeforeAll
	static void context() {
		System.setProperty("java.awt.headless", "true");
		context = new Context(CommandService.class);
	}

	@AfterAll
	static void dispose() {
		context.dispose();
	}

	@Test
	void everyJobHasASciJavaCommandAtItsMenuPath() throws Exception {
		Map<String, Job> found = new TreeMap<>();
		for (CommandInfo info : context.service(CommandService.class).getCommands()) {
			// SciJava spells the path with " > " between entries.
			String path = info.getMenuPath() == null ? "" : info.getMenuPath().getMenuString().replace(" > ", ">");
			if (!path.startsWith(Job.MENU)) continue;
			Object command = info.loadClass().getDeclaredConstructor().newInstance();
			assertTrue(command instanceof DeclaredJobCommand, info.getClassName() + " is no DeclaredJobCommand");
			found.put(path, ((DeclaredJobCommand) command).job());
		}
		Map<String, Job> expected = new TreeMap<>();
		for (Job j : Job.values()) expected.put(j.menuPath(), j);
		assertEquals(expected, found, "menu path -> the job its command runs");
	}

	/** ImageJ's plugins.config grammar: menu, "title", class("argument"); the argument is the job's command name. */
	@Test
	void pluginsConfigListsEveryJobByTitleAndCommand() throws Exception {
		String config;
		try (InputStream in = ImageJ1Plugin.class.getResourceAsStream("/plugins.config")) {
			config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		List<String> lines = Arrays.stream(config.split("\n")).map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
		List<String> expected = Arrays.stream(Job.values())
			.map(j -> Job.MENU + ", \"" + j.title() + "\", " + ImageJ1Plugin.class.getName() + "(\"" + j.command() + "\")").collect(Collectors.toList());
		assertEquals(expected, lines);
		for (Job j : Job.values()) assertEquals(j, ImageJ1Plugin.job(j.command()));
	}

	@Test
	void everyJobHasAPlainImageJFace() {
		assertEquals(EnumSet.allOf(Job.class), EnumSet.copyOf(ImageJ1Plugin.FACES.keySet()));
	}

	/** The command line runs every job but Detect Fracture on an open image (its detect takes one image file instead). */
	@Test
	void everyJobIsASubcommandNamedAsDeclared() {
		CommandLine cl = io.github.bonefracture.cli.MainAccess.commandLine();
		for (Job j : EnumSet.complementOf(EnumSet.of(Job.DETECT))) {
			CommandLine sub = cl.getSubcommands().get(j.command());
			assertNotNull(sub, "no subcommand " + j.command() + " for " + j);
			assertEquals(j, ((io.github.bonefracture.cli.JobOptions.DeclaredJob) sub.getCommand()).job(), j.command());
		}
		assertEquals(Job.KFOLD_EVALUATE, ((io.github.bonefracture.cli.JobOptions.DeclaredJob) cl.getSubcommands().get("eval-w-kfold").getCommand()).job(),
			"the reference study's name stays an alias");
	}
}
