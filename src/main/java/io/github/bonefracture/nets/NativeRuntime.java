package io.github.bonefracture.nets;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Makes DL4J use oneDNN on the CPU (see docs/dl4j-on-cpu.md: helpers are off by default,
 * the helper check looks for a renamed class, and only the "-onednn" native
 * build contains oneDNN) and says whether it worked.
 */
public final class NativeRuntime {

	/** DL4J reads this each time it creates a layer helper; "true" is its default. */
	public static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

	private NativeRuntime() {}

	/** What the runtime found: whether oneDNN is active, and if not, why. */
	public static final class Status {
		public final boolean oneDnnActive;
		public final String message;

		Status(boolean oneDnnActive, String message) {
			this.oneDnnActive = oneDnnActive;
			this.message = message;
		}

		@Override
		public String toString() {
			return message;
		}
	}

	/** The native library is loaded once per process, so what it is is said once per process too. */
	private static final java.util.concurrent.atomic.AtomicBoolean REPORTED = new java.util.concurrent.atomic.AtomicBoolean();

	/** Configures, then says on the log (the first time in this process) whether oneDNN is active, as a warning when it is not. */
	public static Status report(io.github.bonefracture.core.Progress progress) {
		Status s = configure();
		if (!REPORTED.getAndSet(true)) {
			if (s.oneDnnActive) progress.info(s.message);
			else progress.warn(s.message);
		}
		return s;
	}

	/** The Fiji platform folders this plugin ships natives in. */
	static final java.util.List<String> SHIPPED = java.util.List.of("linux64", "linux-arm64", "win64", "macos64", "macos-arm64");

	/** What a user on a platform without native ND4J libraries is told, instead of a crash. */
	static io.github.bonefracture.core.InvalidInputException unsupported(String os, String arch, Throwable cause) {
		String platform = fijiPlatform(os, arch);
		String where = SHIPPED.contains(platform)
			? "this plugin's natives for it belong in Fiji's jars/" + platform + " folder (nd4j-native, javacpp and openblas jars); check that "
				+ "they are there"
			: "there is no native build for " + platform + ", so the plugin cannot run here";
		return new io.github.bonefracture.core.InvalidInputException("The deep-learning engine (ND4J) cannot start on " + os + " " + arch
			+ " (Fiji platform " + platform + "): no native library could be loaded (" + cause.getMessage() + "); " + where
			+ ". Bone Fracture Detection runs on Linux x86-64 and ARM64, Windows x86-64 and macOS (Intel and Apple silicon).", cause);
	}

	/** The platform name Fiji's updater gives os.name/os.arch (imagej-updater's Platforms.current rule). */
	public static String fijiPlatform(String osName, String osArch) {
		String name = osName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
		String os = name.startsWith("linux") ? "linux" : name.startsWith("mac") ? "macos" : name.startsWith("win") ? "win" : name;
		switch (osArch) {
			case "aarch64": return os + "-arm64";
			case "aarch32": return os + "-arm32";
			case "amd64": case "x64": case "x86-64": case "x86_64": return os + "64";
			case "i386": case "i486": case "i586": case "i686": case "x86": case "x86-32": case "x86_32": return os + "32";
			default: return os + "-" + osArch;
		}
	}

	/** The class DL4J's helper probe looks up by name (this project ships it: docs/dl4j-on-cpu.md). */
	static final String BRIDGE = "org.nd4j.nativeblas.Nd4jCpu$Environment";

	/**
	 * ND4J looks classes up by name through the thread's context class loader
	 * as it was when ND4J was first touched. In ImageJ 1.x that is the
	 * application's loader, which does not see the plugin's jars, so DL4J's
	 * helper probe logs "ERROR Cannot find class [...Nd4jCpu$Environment]" and
	 * leaves oneDNN's helpers off. The loader that loaded this plugin sees
	 * ND4J, DL4J and the bridge alike: ND4J gets that one whenever its own
	 * cannot find the bridge.
	 */
	static void useOwnClassLoader() {
		ClassLoader current = org.nd4j.common.config.ND4JClassLoading.getNd4jClassloader();
		try {
			Class.forName(BRIDGE, false, current);
		} catch (ClassNotFoundException | LinkageError | NullPointerException e) {
			org.nd4j.common.config.ND4JClassLoading.setNd4jClassloader(NativeRuntime.class.getClassLoader());
		}
	}

	/**
	 * Enables the helpers (unless the user set the property explicitly) and
	 * loads the native backend. Idempotent; call before building networks.
	 */
	public static Status configure() {
		if (System.getProperty(HELPERS_DISABLE) == null) System.setProperty(HELPERS_DISABLE, "false");
		useOwnClassLoader();
		boolean disabled = Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE));
		String backend;
		try {
			backend = Nd4j.getBackend().getClass().getSimpleName();
		} catch (LinkageError | RuntimeException e) {
			throw unsupported(System.getProperty("os.name"), System.getProperty("os.arch"), e);
		}
		if (disabled)
			return new Status(false, "oneDNN is OFF: layer helpers disabled by -D" + HELPERS_DISABLE + "=true (slow generic CPU code)");
		boolean built;
		try {
			built = org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
		} catch (LinkageError | RuntimeException e) {
			return new Status(false, "oneDNN is OFF: the " + backend + " native library does not answer (" + e + ")");
		}
		if (!built)
			return new Status(false, "oneDNN is OFF: the loaded nd4j-native library was built without oneDNN; "
				+ "put the nd4j-native '-onednn' classifier jar for this platform on the class path (training is then several times faster)");
		try {
			Class.forName(BRIDGE, false, org.nd4j.common.config.ND4JClassLoading.getNd4jClassloader()).getMethod("isUseMKLDNN");
		} catch (ReflectiveOperationException | LinkageError e) {
			return new Status(false, "oneDNN is OFF: DL4J's helper check cannot find its bridge class (" + e + ")");
		}
		Nd4j.getEnvironment().allowHelpers(true);
		return new Status(true, "oneDNN is active (" + backend + ", " + Runtime.getRuntime().availableProcessors() + " CPU threads)");
	}
}
