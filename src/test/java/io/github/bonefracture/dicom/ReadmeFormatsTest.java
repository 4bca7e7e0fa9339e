package io.github.bonefracture.dicom;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** docs/dicom.md's table of what is read (the README links it) says what the code reads: one row per transfer syntax, its UID, and whether it is read. */
class ReadmeFormatsTest {

	@Test
	void theTransferSyntaxTableMatchesTheCode() throws Exception {
		String readme = Files.readString(Path.of("docs/dicom.md"));
		List<String> rows = readme.lines().filter(l -> l.matches("\\| [^|]+ \\| 1\\.2\\.840\\.10008\\.1\\.2[0-9.]* \\| .*")).collect(Collectors.toList());
		assertEquals(TransferSyntax.values().length, rows.size(), "one row per transfer syntax: " + rows);
		for (TransferSyntax t : TransferSyntax.values()) {
			String row = rows.stream().filter(r -> r.contains("| " + t.uid + " |")).findFirst().orElse(null);
			assertNotNull(row, "no row for " + t);
			assertTrue(row.startsWith("| " + t.title + " | " + t.uid + " | yes"), row + " against " + t + ", which the code reads");
		}
		for (String p : DicomImages.PHOTOMETRIC) assertTrue(readme.contains(p), "docs/dicom.md names " + p);
		assertTrue(readme.contains("Multi-frame files: the first frame is used, and the image's info says so"), "docs/dicom.md states " + DicomImages.MULTI_FRAME_POLICY);
	}
}
