package io.github.bonefracture.backend.onednn;

import io.github.bonefracture.nets.*;
import io.github.bonefracture.backend.*;

import org.bytedeco.dnnl.memory;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Channels [from, from + count) of every image of an n x total x h x w
 * tensor in a plan's activation layout (plain NCHW, or channel blocks with
 * every width a whole number of blocks). Within one image they are a single
 * dense run of memory, as a block's values for all pixels come before the
 * next block's; so a copy or sum over the slice runs image by image on dense
 * memory, where oneDNN's code for the strided slice as a whole took 4-7
 * times as long.
 */
final class ChannelSlice {

	final memory base;
	final int n, total, from, count, h, w;

	private ChannelSlice(memory base, int n, int total, int from, int count, int h, int w) {
		this.base = base;
		this.n = n;
		this.total = total;
		this.from = from;
		this.count = count;
		this.h = h;
		this.w = w;
	}

	/** All channels of a dense n x c x h x w tensor. */
	static ChannelSlice whole(memory m, int n, int c, int h, int w) {
		return new ChannelSlice(m, n, c, 0, c, h, w);
	}

	/** Channels [from, from + count) of this slice. */
	ChannelSlice sub(int from, int count) {
		if (from < 0 || count < 0 || from + count > this.count)
			throw new IllegalArgumentException("channels " + from + "-" + (from + count) + " of a slice of " + this.count);
		return new ChannelSlice(base, n, total, this.from + from, count, h, w);
	}

	/** Image i's part as oneDNN memory of one image (desc: one image of count channels in the plan's layout). */
	memory image(DnnPlan plan, memory.desc desc, int i) {
		if (i < 0 || i >= n) throw new IndexOutOfBoundsException("image " + i + " of " + n);
		long offset = ((long) i * total + from) * h * w;
		return plan.keep(new memory(desc, plan.eng, new FloatPointer(base.get_data_handle()).getPointer(offset)));
	}
}
