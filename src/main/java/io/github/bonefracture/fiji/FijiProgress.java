package io.github.bonefracture.fiji;

import io.github.bonefracture.core.Progress;

import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.task.Task;

/**
 * The core's progress and cancel, adapted to SciJava: log lines, the status
 * bar, and a Task, which Fiji shows with a stop button; the core checks
 * the task and the command between batches.
 */
final class FijiProgress implements Progress, AutoCloseable {
	private final StatusService status;
	private final LogService log;
	private final Cancelable command;
	private final Task task;

	FijiProgress(StatusService status, LogService log, Cancelable command, Task task) {
		this.status = status;
		this.log = log;
		this.command = command;
		this.task = task;
		if (task != null) task.start();
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
		if (this.task != null && total > 0) {
			this.task.setStatusMessage(task);
			this.task.setProgressMaximum(total);
			this.task.setProgressValue(done);
		}
	}

	@Override
	public boolean isCanceled() {
		return command.isCanceled() || (task != null && task.isCanceled()) || Thread.currentThread().isInterrupted();
	}

	/** Ends the task and clears the progress bar, however the command ended. */
	@Override
	public void close() {
		if (task != null) task.finish();
		if (status != null) status.clearStatus();
	}
}
