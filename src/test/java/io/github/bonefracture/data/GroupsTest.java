package io.github.bonefracture.data;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.InvalidOptionException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Patients for flat folders, from a CSV or from the file names. */
class GroupsTest {

	@TempDir
	Path dir;

	Dataset flat() {
		List<Sample> s = new ArrayList<>();
		for (int p = 1; p <= 3; p++)
			for (String view : new String[] {"ap", "lat"})
				s.add(new Sample(dir.resolve((p % 2 == 0 ? "Normal" : "Fracture") + "/P0" + p + "_" + view + ".png"), p % 2 == 0 ? Label.NORMAL : Label.FRACTURE, null));
		return new Dataset(dir, "class folders", s, List.of(), 0);
	}

	@Test
	void fromAPatternInTheFileName() {
		Dataset g = Groups.apply(flat(), null, "^(P\\d+)_");
		assertEquals(List.of("P01", "P01", "P02", "P02", "P03", "P03"), g.samples().stream().map(Sample::group).collect(java.util.stream.Collectors.toList()));
		InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> Groups.apply(flat(), null, "P(\\d"));
		assertEquals("group_pattern", e.key());
		InvalidInputException none = assertThrows(InvalidInputException.class, () -> Groups.apply(flat(), null, "^(Q\\d+)_"));
		assertTrue(none.getMessage().startsWith("6 of 6 images have no group"), none.getMessage());
	}

	@Test
	void fromACsvByRelativePathOrName() throws Exception {
		Path csv = Files.writeString(dir.resolve("patients.csv"), "file,group\nFracture/P01_ap.png,alice\nP01_lat.png,alice\n"
			+ "Normal/P02_ap.png,bob\nNormal/P02_lat.png,bob\nFracture/P03_ap.png,carol\nFracture/P03_lat.png,carol\n");
		Dataset g = Groups.apply(flat(), csv, null);
		assertEquals(List.of("alice", "alice", "bob", "bob", "carol", "carol"), g.samples().stream().map(Sample::group).collect(java.util.stream.Collectors.toList()));
		assertTrue(g.layout().contains("patients.csv"));
		Path bad = Files.writeString(dir.resolve("bad.csv"), "name,patient\nx,y\n");
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> Groups.apply(flat(), bad, null));
		assertTrue(e.getMessage().contains("needs the columns file and group"), e.getMessage());
		assertEquals(flat().samples().size(), Groups.apply(flat(), null, null).samples().size());
	}
}
