package io.github.bonefracture.core;

import io.github.bonefracture.core.Progress;

import java.io.PrintStream;

/** Progress on a terminal: log lines on stdout, a one-line bar on stderr redrawn in place. */
public final class ConsoleProgress implements Progress {
	private final PrintStream out;
	private final PrintStream err;
	private final boolean bar;
	private long lastDraw;
	private boolean barShown;
	/** The last step reported, for the message of an unexpected failure. */
	private volatile String step = "";

	/** A bar only when a person is watching a terminal; logs and CI get the lines alone. */
	public static ConsoleProgress forTerminal() {
		return new ConsoleProgress(System.out, System.err, System.console() != null);
	}

	ConsoleProgress(PrintStream out, PrintStream err, boolean bar) {
		this.out = out;
		this.err = err;
		this.bar = bar;
	}

	@Override
	public synchronized void info(String message) {
		step = message.lines().findFirst().orElse("");
		clearBar();
		out.println(message);
		out.flush();
	}

	@Override
	public synchronized void warn(String message) {
		clearBar();
		err.println("WARNING: " + message);
		err.flush();
	}

	@Override
	public synchronized void progress(String task, long done, long total) {
		step = task + (total > 0 ? " " + done + "/" + total : "");
		if (!bar || total <= 0) return;
		long now = System.nanoTime();
		if (done < total && now - lastDraw < 200_000_000L) return;
		lastDraw = now;
		int width = 30;
		int filled = (int) (width * Math.min(done, total) / total);
		StringBuilder sb = new StringBuilder("\r").append(task).append(" [");
		for (int i = 0; i < width; i++) sb.append(i < filled ? '#' : '.');
		sb.append("] ").append(done).append('/').append(total).append("   ");
		err.print(sb);
		err.flush();
		barShown = true;
		if (done >= total) clearBar();
	}

	/** The last step reported (a progress task or a log line), or "" before any. */
	String step() {
		return step;
	}

	/** "what (at: last step)" for an error message. */
	public String describe(String what) {
		String s = step;
		return s.isEmpty() ? what : what + " (at: " + s + ")";
	}

	private void clearBar() {
		if (barShown) {
			err.print("\r\033[K");
			err.flush();
			barShown = false;
		}
	}
}
