package io.github.bonefracture.fiji;

import io.github.bonefracture.core.Progress;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;

/** The core's progress and cancel, adapted to SciJava's status bar, log and a command's cancel flag. */
final class FijiProgress implements Progress {
	private final StatusService status;
	private final LogService log;
	private final ContextCommand command;

	FijiProgress(StatusService status, LogService log, ContextCommand command) {
		this.status = status;
		this.log = log;
		this.command = command;
	}

	@Override
	public void info(String message) {
		if (log != null) log.info(message);
		if (status != null) status.showStatus(message);
	}

	@Override
	public void warn(String message) {
		if (log != null) log.warn(message);
	}

	@Override
	public void progress(String task, long done, long total) {
		if (status != null && total > 0) status.showStatus((int) Math.min(Integer.MAX_VALUE, done), (int) Math.min(Integer.MAX_VALUE, total), task);
	}

	@Override
	public boolean isCanceled() {
		return command.isCanceled() || Thread.currentThread().isInterrupted();
	}

}
