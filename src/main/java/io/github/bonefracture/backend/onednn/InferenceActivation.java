package io.github.bonefracture.backend.onednn;

import org.bytedeco.dnnl.memory;

/**
 * An inference plan's activation: its memory and shape; scale is the value
 * of one step when it holds 8-bit integers (1 for float); block, when not
 * null, the dense block's buffer whose leading channels it is.
 */
final class InferenceActivation {
	final memory mem;
	final int c, h, w;
	final float scale;
	final memory block;

	InferenceActivation(memory mem, int c, int h, int w) {
		this(mem, c, h, w, 1f);
	}

	InferenceActivation(memory mem, int c, int h, int w, float scale) {
		this(mem, c, h, w, scale, null);
	}

	InferenceActivation(memory mem, int c, int h, int w, memory block) {
		this(mem, c, h, w, 1f, block);
	}

	private InferenceActivation(memory mem, int c, int h, int w, float scale, memory block) {
		this.mem = mem;
		this.c = c;
		this.h = h;
		this.w = w;
		this.scale = scale;
		this.block = block;
	}
}
