package io.github.bonefracture.gan;

import java.util.List;

/**
 * What a generator learned from: the dataset, the images' paths (so that a
 * caller can prove that no test image was among them) and their counts.
 * Only the root, counts and a hash of the file list go into the generator
 * file; the paths stay in memory.
 */
public final class TrainingRecord {
	public final String root;
	public final List<String> images;
	public final int fracture;
	public final int normal;
	public final String fileListSha256;

	public TrainingRecord(String root, List<String> images, int fracture, int normal, String fileListSha256) {
		this.root = root;
		this.images = List.copyOf(images);
		this.fracture = fracture;
		this.normal = normal;
		this.fileListSha256 = fileListSha256;
	}
}
