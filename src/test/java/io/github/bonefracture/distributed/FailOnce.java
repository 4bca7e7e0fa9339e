package io.github.bonefracture.distributed;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A task hook that fails the first attempt of partition 0, once per marker file, as a lost executor would. */
final class FailOnce {
	private FailOnce() {}

	static TaskHook at(String marker) {
		return (partition, attempt) -> {
			try {
				if (partition == 0 && attempt == 0 && new File(marker).createNewFile()) throw new IllegalStateException("executor lost (test)");
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		};
	}
}
