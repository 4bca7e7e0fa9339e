package io.github.bonefracture.data;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds labelled x-rays in the layouts users have: one folder per class
 * (Fracture/Normal or positive/negative, any case, images at any depth below)
 * or MURA's own tree (XR_TYPE/patientN/studyK_positive|negative/imageN.png).
 */
public final class DatasetScanner {

	private static final Pattern MURA_STUDY = Pattern.compile("study\\d*_(positive|negative)", Pattern.CASE_INSENSITIVE);
	private static final Pattern MURA_TYPE = Pattern.compile("XR_[A-Z]+", Pattern.CASE_INSENSITIVE);

	private final String studyType;
	private final boolean decode;
	private final long maxPixels;

	/** Scans every layout, decoding each image to find the corrupt ones. */
	public DatasetScanner() {
		this(null, true);
	}

	/**
	 * @param studyType a MURA study type to keep, e.g. "XR_HUMERUS" or "humerus"; null keeps all
	 * @param decode whether to decode every image now (finds corrupt files before training starts)
	 */
	public DatasetScanner(String studyType, boolean decode) {
		this(studyType, decode, ImageLoader.DEFAULT_MAX_PIXELS);
	}

	/** @param maxPixels images declaring more pixels are skipped as unreadable */
	public DatasetScanner(String studyType, boolean decode, long maxPixels) {
		this.studyType = studyType == null || studyType.isBlank() ? null : normaliseStudyType(studyType);
		this.decode = decode;
		this.maxPixels = maxPixels;
	}

	static String normaliseStudyType(String t) {
		String u = t.trim().toUpperCase(Locale.ROOT);
		return u.startsWith("XR_") ? u : "XR_" + u;
	}

	public Dataset scan(Path root) {
		return scan(root, Progress.NONE);
	}

	public Dataset scan(Path root, Progress progress) {
		if (root == null || !Files.isDirectory(root))
			throw new InvalidInputException("Dataset folder not found: " + root);
		FileTree tree = FileTree.walk(root);
		List<Path> files = tree.files();
		boolean classFolders = hasClassFolders(root);
		List<Sample> samples = new ArrayList<>();
		List<Dataset.Skipped> skipped = new ArrayList<>();
		for (FileTree.Problem p : tree.problems()) {
			if (isHidden(root.relativize(p.path))) continue;
			skipped.add(new Dataset.Skipped(p.path, p.reason));
			progress.warn("Skipped " + p);
		}
		int ignored = 0;
		int done = 0;
		List<Path> notImages = new ArrayList<>();
		for (Path f : files) {
			progress.checkCanceled();
			progress.progress("Scanning " + root.getFileName(), ++done, files.size());
			Path rel = root.relativize(f);
			if (isHidden(rel)) {
				ignored++;
				continue;
			}
			if (!ImageFormat.isInput(f)) {
				ignored++;
				notImages.add(f);
				continue;
			}
			Optional<Labelled> labelled = classFolders ? labelFromClassFolder(rel) : labelFromMura(rel);
			if (labelled.isEmpty()) {
				ignored++;
				continue;
			}
			Labelled lab = labelled.get();
			if (!classFolders && studyType != null && !studyType.equals(lab.studyType)) continue;
			if (decode) {
				try {
					ImageLoader.load(f, maxPixels);
				} catch (UnreadableImageException e) {
					skipped.add(new Dataset.Skipped(f, e.reason()));
					progress.warn("Skipped " + f + ": " + e.reason());
					continue;
				}
			}
			samples.add(new Sample(f, lab.label, lab.group));
		}
		ImageFormat.notUsedLine(notImages).ifPresent(progress::info);
		Dataset ds = new Dataset(root, classFolders ? "class folders" : "MURA", samples, skipped, ignored);
		check(ds, classFolders);
		return ds;
	}

	private void check(Dataset ds, boolean classFolders) {
		Path root = ds.root();
		if (ds.samples().isEmpty()) {
			String what = classFolders ? "no readable images in its class folders"
				: studyType != null ? "no MURA images of study type " + studyType
				: "no class folders (Fracture/Normal or positive/negative) and no MURA studies";
			String skippedNote = ds.skipped().isEmpty() ? "" : " (" + ds.skipped().size() + " unreadable files skipped, first: " + ds.skipped().get(0) + ")";
			throw new InvalidInputException("Dataset " + root + " has " + what + skippedNote);
		}
		int[] c = ds.counts().values().stream().mapToInt(Integer::intValue).toArray();
		if (c[0] == 0 || c[1] == 0) {
			Label only = ds.samples().get(0).label();
			throw new InvalidInputException("Dataset " + root + " has only one class (" + ds.samples().size() + " "
				+ only.displayName() + " images); a classifier needs images of both Fracture and Normal");
		}
	}

	private static boolean hasClassFolders(Path root) {
		try (Stream<Path> s = Files.list(root)) {
			return s.anyMatch(p -> Files.isDirectory(p) && Label.fromFolderName(p.getFileName().toString()).isPresent());
		} catch (IOException e) {
			return false;
		}
	}

	private static boolean isHidden(Path rel) {
		for (Path part : rel) {
			String n = part.toString();
			if (n.startsWith(".") || n.equals("__MACOSX") || n.equalsIgnoreCase("Thumbs.db")) return true;
		}
		return false;
	}

	private static final class Labelled {
		final Label label;
		final String group;
		final String studyType;

		Labelled(Label label, String group, String studyType) {
			this.label = label;
			this.group = group;
			this.studyType = studyType;
		}
	}

	private static Optional<Labelled> labelFromClassFolder(Path rel) {
		if (rel.getNameCount() < 2) return Optional.empty();
		return Label.fromFolderName(rel.getName(0).toString()).map(l -> new Labelled(l, rel.toString(), null));
	}

	private static Optional<Labelled> labelFromMura(Path rel) {
		Label label = null;
		String type = null, patient = null;
		for (int i = 0; i < rel.getNameCount() - 1; i++) {
			String n = rel.getName(i).toString();
			Matcher m = MURA_STUDY.matcher(n);
			if (m.matches()) label = m.group(1).equalsIgnoreCase("positive") ? Label.FRACTURE : Label.NORMAL;
			else if (MURA_TYPE.matcher(n).matches()) type = n.toUpperCase(Locale.ROOT);
			else if (n.toLowerCase(Locale.ROOT).startsWith("patient")) patient = n;
		}
		return label == null ? Optional.empty() : Optional.of(new Labelled(label, patient, type));
	}
}
