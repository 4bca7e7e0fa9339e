package io.github.bonefracture.nets;

/**
 * The multiply-adds of a DenseNet's base for one image, counted over its
 * convolutions by walking its {@link DenseNetSpec}: in Keras' order (the
 * network's own count, what every peer computes) or with transitions
 * pooling first (what the oneDNN plans compute). BatchNorm, pooling and
 * concatenation are left out, as FLOP counts of networks do.
 */
public final class DenseNetOperations implements DenseNetSpec.Ops<int[]> {
	private final boolean poolingFirst;
	private double multiplyAdds;

	private DenseNetOperations(boolean poolingFirst) {
		this.poolingFirst = poolingFirst;
	}

	/** Multiply-adds of spec's base on one size x size image. */
	public static double multiplyAdds(DenseNetSpec spec, int size, boolean poolingFirst) {
		DenseNetOperations count = new DenseNetOperations(poolingFirst);
		spec.walk(new int[] {spec.inChannels, size, size}, count);
		return count.multiplyAdds;
	}

	@Override
	public int[] transition(int[] x, String bn, String conv, int out) {
		return poolingFirst ? transitionPoolingFirst(x, bn, conv, out) : DenseNetSpec.Ops.super.transition(x, bn, conv, out);
	}

	@Override
	public int[] convBnRelu(int[] x, String conv, String bn, int out, int kernel, int stride, int pad) {
		return conv(x, conv, out, kernel, stride, pad);
	}

	@Override
	public int[] conv(int[] x, String conv, int out, int kernel, int stride, int pad) {
		int h = DenseNetSpec.outSize(x[1], kernel, stride, pad), w = DenseNetSpec.outSize(x[2], kernel, stride, pad);
		multiplyAdds += (double) out * h * w * x[0] * kernel * kernel;
		return new int[] {out, h, w};
	}

	@Override
	public int[] bnRelu(int[] x, String bn) {
		return x;
	}

	@Override
	public int[] maxPool(int[] x) {
		int k = DenseNetSpec.STEM_POOL_KERNEL, s = DenseNetSpec.STEM_POOL_STRIDE, p = DenseNetSpec.STEM_POOL_PAD;
		return new int[] {x[0], DenseNetSpec.outSize(x[1], k, s, p), DenseNetSpec.outSize(x[2], k, s, p)};
	}

	@Override
	public int[] avgPool(int[] x) {
		int k = DenseNetSpec.TRANSITION_POOL;
		return new int[] {x[0], DenseNetSpec.outSize(x[1], k, k, 0), DenseNetSpec.outSize(x[2], k, k, 0)};
	}

	@Override
	public int[] concat(int[] a, int[] b) {
		return new int[] {a[0] + b[0], a[1], a[2]};
	}
}
