package io.github.bonefracture.nets;

/**
 * How a convolution's weights become signed 8-bit integers, the one rule
 * for the oneDNN int8 plan and the exported QDQ graph: one step per output
 * channel, its largest magnitude / 127 (after the BatchNorm behind it is
 * folded in), values rounded half to even.
 *
 * Eight bits, not seven, on every CPU. Without VNNI or AMX the 8-bit kernels
 * (oneDNN's and ONNX Runtime's alike) add pairs of u8 x s8 products into a
 * saturating 16-bit integer, which 8-bit weights can overflow; 7-bit weights
 * cannot, but on the demo's trained model they moved P up to 0.025 from
 * float against 0.0075 with 8 (AVX2 EPYC, saturation included): the lost bit
 * costs more than the rare saturation. The model's accuracy check guards auto.
 */
public final class Int8Weights {
	private Int8Weights() {}

	/** Per output channel: the value of one 8-bit step (1 for an all-zero filter); w is [oc][per] in C order. */
	public static float[] steps(float[] w, int oc, int per) {
		float[] s = new float[oc];
		for (int o = 0; o < oc; o++) {
			float m = 0;
			for (int i = 0; i < per; i++) m = Math.max(m, Math.abs(w[o * per + i]));
			s[o] = m > 0 ? m / 127f : 1f;
		}
		return s;
	}

	/** The weights in their channel's steps, as 8-bit integers: w / step rounded half to even (as oneDNN's reorder and ONNX's QuantizeLinear round). */
	public static byte[] quantize(float[] w, float[] steps, int per) {
		byte[] q = new byte[w.length];
		for (int i = 0; i < w.length; i++) q[i] = (byte) Math.max(-127, Math.min(127, Math.rint(w[i] / steps[i / per])));
		return q;
	}
}
