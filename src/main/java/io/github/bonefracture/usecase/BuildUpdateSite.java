package io.github.bonefracture.usecase;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.install.UpdateSiteTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An upload-ready Fiji update-site tree from a Fiji.app the plugin was installed into. */
public final class BuildUpdateSite {
	private BuildUpdateSite() {}

	/** Every file of the site; fijiShips (may be null) lists paths Fiji itself ships; timestamp null means now. */
	public static List<UpdateSiteTree.Entry> run(Path app, Path output, Path fijiShips, String timestamp) {
		Set<String> ships = new HashSet<>();
		try {
			if (fijiShips != null) for (String l : Files.readAllLines(fijiShips)) if (!l.isBlank()) ships.add(l.trim());
			String ts = timestamp != null ? timestamp : LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
			return UpdateSiteTree.write(app, ships, output, "bone-fracture-detection-",
				"Detect bone fractures in x-rays with deep learning (DenseNet121 in DeepLearning4J).", ts);
		} catch (IOException e) {
			throw new InvalidInputException("Cannot make the update site from " + app + " into " + output + ": " + e.getMessage());
		}
	}
}
