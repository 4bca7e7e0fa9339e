import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's peak single-precision rate, the figure `bench` divides every
 * float path's rate by: on each thread, twelve independent fused
 * multiply-add chains in the widest vectors the CPU has (the Vector API picks
 * AVX-512, AVX2 or NEON), register-resident, so that every FMA unit stays busy
 * and nothing waits on memory; the best timed run after warm-up, once runs stop bettering it.
 * (A C loop of the same chains, GCC vector extensions with -march=native,
 * reads the same within 5% on an AVX-512 EPYC and an AVX2 one; oneDNN 3.3's f32 matmul reads a
 * quarter of it on the first and 85-92% on the second, so a matmul is not the peak.) A source file, run by
 * `bench` in a JVM of its own:
 *
 *     java --add-modules jdk.incubator.vector src/bench/java/FmaPeak.java [threads=2]
 *
 * Prints 'peak GFLOP/s X (vector bits B, threads T)'.
 */
public class FmaPeak {
	static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

	/**
	 * n rounds of twelve chains, each started from its own value so that no compiler merges them; an int loop, which
	 * the JIT compiles as a counted loop. Each chain adds m*c to itself (the chain as the addend): with the chain as
	 * the multiplicand (a = a*m + c) HotSpot 17's code ran at 76-88% of the same loop in C on an AVX2 EPYC (Zen 3),
	 * with the chain as the addend at 96-102%.
	 */
	static float chains(int n, float seed) {
		FloatVector m = FloatVector.broadcast(S, 0.999999f), c = FloatVector.broadcast(S, 1e-7f);
		FloatVector a0 = FloatVector.broadcast(S, seed), a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3), a4 = a0.add(4), a5 = a0.add(5),
			a6 = a0.add(6), a7 = a0.add(7), a8 = a0.add(8), a9 = a0.add(9), a10 = a0.add(10), a11 = a0.add(11);
		for (int i = 0; i < n; i++) {
			a0 = m.fma(c, a0); a1 = m.fma(c, a1); a2 = m.fma(c, a2); a3 = m.fma(c, a3);
			a4 = m.fma(c, a4); a5 = m.fma(c, a5); a6 = m.fma(c, a6); a7 = m.fma(c, a7);
			a8 = m.fma(c, a8); a9 = m.fma(c, a9); a10 = m.fma(c, a10); a11 = m.fma(c, a11);
		}
		return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).reduceLanes(VectorOperators.ADD);
	}

	public static void main(String[] args) throws Exception {
		int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
		int n = 20_000_000;
		float[] sink = new float[threads];
		// Compiled before it is timed: the whole measurement, untimed, until the just-in-time compiler is done with it
		// (under load a round once read a seventeenth of the peak from code not yet compiled).
		for (int i = 0; i < 3; i++) run(threads, n / 10, sink);
		double best = 0;
		int unchanged = 0;
		// The best run, once three runs in a row have not bettered it by 1% (at least five, at most thirty).
		for (int run = 0; run < 30 && (run < 5 || unchanged < 3); run++) {
			double rate = 2.0 * S.length() * 12 * n * threads / run(threads, n, sink) / 1e9;
			unchanged = rate > best * 1.01 ? 0 : unchanged + 1;
			best = Math.max(best, rate);
		}
		System.out.printf("peak GFLOP/s %.1f (vector bits %d, threads %d, check %.3f)%n", best, S.vectorBitSize(), threads, sink[0]);
	}

	/** Seconds for each of threads threads to run n rounds of the chains. */
	static double run(int threads, int n, float[] sink) throws InterruptedException {
		Thread[] t = new Thread[threads];
		for (int k = 0; k < threads; k++) {
			int j = k;
			t[k] = new Thread(() -> sink[j] = chains(n, j + 1));
		}
		long t0 = System.nanoTime();
		for (Thread x : t) x.start();
		for (Thread x : t) x.join();
		return (System.nanoTime() - t0) / 1e9;
	}
}
