package io.github.bonefracture.export;

/** How to export, as the options of the Export Model job fill it. */
public final class ExportOptions {

	/** The formats, as the option format names them. */
	public enum Format { ONNX, BIOIMAGEIO }

	/** The licences a package may declare (SPDX identifiers). */
	public static final String[] LICENSES = {"CC-BY-4.0", "CC0-1.0", "MIT", "Apache-2.0", "BSD-3-Clause"};

	public Format format = Format.BIOIMAGEIO;
	/** Adds the outputs "features" and "cam" (DenseNet models). */
	public boolean heatmapOutputs = false;
	/** The int8 QDQ graph ({@link QdqInt8}) instead of the float one; format ONNX only. */
	public boolean int8 = false;
	/** The package's authors, comma-separated; empty: the account's user name. */
	public String authors = "";
	public String license = LICENSES[0];
}
