package io.github.bonefracture.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What a scan of a dataset folder found: usable samples, skipped files with reasons, ignored files. */
public final class Dataset {

	/** A file that looked like an image but could not be used. */
	public static final class Skipped {
		public final Path file;
		public final String reason;

		public Skipped(Path file, String reason) {
			this.file = file;
			this.reason = reason;
		}

		@Override
		public String toString() {
			return file + ": " + reason;
		}
	}

	private final Path root;
	private final String layout;
	private final List<Sample> samples;
	private final List<Skipped> skipped;
	private final int ignored;

	public Dataset(Path root, String layout, List<Sample> samples, List<Skipped> skipped, int ignored) {
		this.root = root;
		this.layout = layout;
		this.samples = Collections.unmodifiableList(new ArrayList<>(samples));
		this.skipped = Collections.unmodifiableList(new ArrayList<>(skipped));
		this.ignored = ignored;
	}

	public Path root() {
		return root;
	}

	/** "class folders" or "MURA". */
	public String layout() {
		return layout;
	}

	/** Usable samples in a stable order (sorted by path), so that a seed reproduces a split. */
	public List<Sample> samples() {
		return samples;
	}

	public List<Skipped> skipped() {
		return skipped;
	}

	/** Hidden files and files that are not images by name. */
	public int ignored() {
		return ignored;
	}

	public Map<Label, Integer> counts() {
		Map<Label, Integer> m = new EnumMap<>(Label.class);
		for (Label l : Label.values()) m.put(l, 0);
		for (Sample s : samples) m.merge(s.label(), 1, Integer::sum);
		return m;
	}

	public int[] targets() {
		return samples.stream().mapToInt(s -> s.label().target()).toArray();
	}

	/** SHA-256 over the relative paths and labels: tells whether two models saw the same files. */
	public String fileListHash() {
		try {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			for (Sample s : samples) {
				String rel = root.relativize(s.path()).toString().replace('\\', '/');
				md.update((rel + "\t" + s.label().target() + "\n").getBytes(StandardCharsets.UTF_8));
			}
			StringBuilder sb = new StringBuilder();
			for (byte b : md.digest()) sb.append(String.format("%02x", b));
			return sb.toString();
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	public Dataset subset(int[] indices) {
		List<Sample> sub = new ArrayList<>();
		for (int i : indices) sub.add(samples.get(i));
		return new Dataset(root, layout, sub, List.of(), 0);
	}

	/** One line per class and the skipped files, as `inspect` prints it. */
	public String summary() {
		Map<Label, Integer> c = counts();
		StringBuilder sb = new StringBuilder();
		sb.append("Dataset ").append(root).append(" (").append(layout).append(")\n");
		sb.append(String.format("  %-9s %d%n", "Fracture", c.get(Label.FRACTURE)));
		sb.append(String.format("  %-9s %d%n", "Normal", c.get(Label.NORMAL)));
		sb.append(String.format("  %-9s %d%n", "Total", samples.size()));
		sb.append("  Ignored (hidden or not images): ").append(ignored).append('\n');
		sb.append("  Skipped (unreadable): ").append(skipped.size()).append('\n');
		for (Skipped s : skipped) sb.append("    ").append(s).append('\n');
		return sb.toString();
	}
}
