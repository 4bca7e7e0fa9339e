package io.github.bonefracture.nets;

/**
 * How a convolution's weights become signed 8-bit integers, the one rule
 * for the oneDNN int8 plan and the exported QDQ graph: one step per output
 * channel, its largest magnitude / {@link #LARGEST} (after the BatchNorm
 * behind it is folded in), values rounded half to even.
 */
public final class Int8Weights {
	/**
	 * The largest weight magnitude in steps: 7 bits, not 8. A CPU without
	 * VNNI (AVX2, AVX-512 before Cascade Lake) multiplies unsigned 8-bit
	 * activations by signed 8-bit weights with vpmaddubsw, which adds each
	 * pair of products into a saturating 16-bit integer: 255 x 127 x 2
	 * overflows it, 255 x 63 x 2 does not. oneDNN and ONNX Runtime's MLAS
	 * both take that path there (ONNX Runtime's quantizer calls the cure
	 * reduce_range). With 7 bits every CPU computes the same integer sums,
	 * so the int8 answer and the exported graph's do not depend on the CPU;
	 * on an AVX2 EPYC the 8-bit rule put growth-4 features 4.3% from float.
	 */
	public static final int LARGEST = 63;

	private Int8Weights() {}

	/** Per output channel: the value of one step (1 for an all-zero filter); w is [oc][per] in C order. */
	public static float[] steps(float[] w, int oc, int per) {
		float[] s = new float[oc];
		for (int o = 0; o < oc; o++) {
			float m = 0;
			for (int i = 0; i < per; i++) m = Math.max(m, Math.abs(w[o * per + i]));
			s[o] = m > 0 ? m / LARGEST : 1f;
		}
		return s;
	}

	/** The weights in their channel's steps, as 8-bit integers: w / step rounded half to even (as oneDNN's reorder and ONNX's QuantizeLinear round). */
	public static byte[] quantize(float[] w, float[] steps, int per) {
		byte[] q = new byte[w.length];
		for (int i = 0; i < w.length; i++) q[i] = (byte) Math.max(-LARGEST, Math.min(LARGEST, Math.rint(w[i] / steps[i / per])));
		return q;
	}
}
