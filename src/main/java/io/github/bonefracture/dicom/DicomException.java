package io.github.bonefracture.dicom;

import java.io.IOException;

/** A DICOM file this package cannot read, with the reason in words. */
public final class DicomException extends IOException {
	private static final long serialVersionUID = 1L;

	public DicomException(String message) {
		super(message);
	}
}
