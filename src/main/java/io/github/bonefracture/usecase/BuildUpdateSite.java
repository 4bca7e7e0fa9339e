package io.github.bonefracture.usecase;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
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
	/** What was written: files new or changed since the site's last release (to upload), their bytes, and all files of the site. */
	public static final class Result {
		public final long uploaded;
		public final long uploadedBytes;
		public final int files;

		Result(List<UpdateSiteTree.Entry> entries) {
			this.uploaded = entries.stream().filter(e -> e.uploaded).count();
			this.uploadedBytes = entries.stream().filter(e -> e.uploaded).mapToLong(e -> e.size).sum();
			this.files = entries.size();
		}
	}

	private BuildUpdateSite() {}

	/** Every file of the site; fijiShips (may be null) lists paths Fiji itself ships; timestamp null means now. */
	public static Result run(Path app, Path output, Path fijiShips, String timestamp, Progress progress) {
		progress.info("Making the update site of " + app + " in " + output);
		Set<String> ships = new HashSet<>();
		try {
			if (fijiShips != null) for (String l : Files.readAllLines(fijiShips)) if (!l.isBlank()) ships.add(l.trim());
			String ts = timestamp != null ? timestamp : LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
			return new Result(UpdateSiteTree.write(app, ships, output, "bone-fracture-detection-",
				"Detect bone fractures in x-rays with deep learning (DenseNet121 in DeepLearning4J).", ts));
		} catch (IOException e) {
			throw new InvalidInputException("Cannot make the update site from " + app + " into " + output + ": " + e.getMessage());
		}
	}
}
