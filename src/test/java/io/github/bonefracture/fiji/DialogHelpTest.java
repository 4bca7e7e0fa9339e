package io.github.bonefracture.fiji;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.options.Job;
import io.github.bonefracture.options.Opt;
import io.github.bonefracture.options.Options;

import org.junit.jupiter.api.Test;

/** Every dialog's Help names each field in words with its macro key and declared help, then the manual's Fiji section from the jar. */
class DialogHelpTest {

	@Test
	void helpListsEveryFieldAndTheManualsSection() {
		assertTrue(Job.manual().startsWith(Job.MANUAL_SECTION), "the build puts README.md beside Job: " + Job.manual());
		for (Job job : Job.values()) {
			String help = IJ1Dialog.help(job);
			for (Opt o : Options.of(job)) {
				assertTrue(help.contains("<tt>" + o.key() + "</tt>"), job + ": " + o.key());
				assertTrue(help.contains(o.help().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")), job + ": help of " + o.key());
			}
			assertTrue(help.contains("From the manual (README.md)") && help.contains("Detect Fracture"), job.toString());
			assertFalse(help.contains("http"), "no web address is invented for the manual");
		}
	}
}
