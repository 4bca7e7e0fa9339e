package io.github.bonefracture.usecase;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.nets.NativeRuntime;
import io.github.bonefracture.options.Settings;

/** What every run does first: say which native runtime it has, and choose the backend, once, for the whole run. */
final class RunStart {
	private RunStart() {}

	static Backend backend(Settings s, Progress progress) {
		NativeRuntime.report(progress);
		return Backends.choose(s.backend, progress);
	}
}
