package io.github.bonefracture.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The Script Editor templates ship in the jar and name commands, keys and outputs that exist. */
class ScriptTemplatesTest {

	private static String template(String name) throws Exception {
		try (InputStream in = ScriptTemplatesTest.class.getResourceAsStream("/script_templates/Bone Fracture Detection/" + name)) {
			assertNotNull(in, "template missing from the jar: " + name);
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void templatesUseRealCommandsAndFieldNames() throws Exception {
		String groovy = template("Detect_Fracture.groovy"), python = template("Batch_Folder.py");
		assertFields(groovy, DetectFractureCommand.class, io.github.bonefracture.options.Job.DETECT);
		assertFields(python, DetectFolderCommand.class, io.github.bonefracture.options.Job.DETECT_FOLDER);
		for (String script : new String[] {groovy, python}) assertTrue(script.contains("modules.run(command.getCommand("), script);
		for (String ijm : new String[] {"Detect_Fracture.ijm", "Batch_Folder.ijm"}) {
			Matcher m = Pattern.compile("run\\(\"([^\"]+)\"").matcher(template(ijm));
			assertTrue(m.find());
			String menu = m.group(1);
			boolean found = false;
			for (Class<?> c : new Class<?>[] {DetectFractureCommand.class, DetectFolderCommand.class}) {
				String path = c.getAnnotation(org.scijava.plugin.Plugin.class).menuPath();
				found |= path.endsWith(">" + menu);
			}
			assertTrue(found, ijm + " runs an unknown command: " + menu);
		}
	}

	/** Every "key", value pair given to the command names one of its declared options or a field of its own (the image). */
	private static void assertFields(String script, Class<?> command, io.github.bonefracture.options.Job job) {
		assertTrue(script.contains(command.getSimpleName()));
		Matcher m = Pattern.compile("\"([a-z_]+)\", ").matcher(script);
		int n = 0;
		while (m.find()) {
			String key = m.group(1);
			boolean found = io.github.bonefracture.options.Options.of(job).stream().anyMatch(o -> o.key().equals(key));
			for (Class<?> c = command; c != null && !found; c = c.getSuperclass()) {
				try {
					c.getDeclaredField(m.group(1));
					found = true;
				} catch (NoSuchFieldException e) {
					// look in the superclass
				}
			}
			assertTrue(found, command.getSimpleName() + " has no field '" + m.group(1) + "'");
			n++;
		}
		assertTrue(n >= 4, "too few inputs found in the template");
	}
}
