package io.github.bonefracture.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

/** The breakdown reads oneDNN's execution lines as both oneDNN generations print them. */
class PrimitiveTimesTest {

	@Test
	void sumsExecutionTimesByKindDirectionAndImplementation() {
		Map<String, double[]> s = new TreeMap<>();
		// oneDNN 3.x (the dnnl preset) and 2.x (ND4J's bundled build) lines, as ONEDNN_VERBOSE=2 / DNNL_VERBOSE=2 print them.
		PrimitiveTimes.add(s, "onednn_verbose,primitive,exec,cpu,convolution,brgconv:avx512_core,forward_inference,src_f32::blocked:aBcd16b::f0 "
			+ "wei_f32::blocked:ABcd16b16a::f0 bia_undef::undef::: dst_f32::blocked:aBcd16b::f0,,alg:convolution_direct,mb8_ic64oc128_ih37oh37kh1sh1dh0ph0_iw37ow37kw1sw1dw0pw0,1.25");
		PrimitiveTimes.add(s, "dnnl_verbose,exec,cpu,convolution,jit:avx512_core,forward_inference,src_f32::blocked:aBcd16b:f0,,alg:convolution_direct,mb8,0.75");
		PrimitiveTimes.add(s, "onednn_verbose,primitive,exec,cpu,concat,simple:any,undef,src_f32::blocked:aBcd16b::f0,,,mb8,0.5");
		PrimitiveTimes.add(s, "onednn_verbose,primitive,create:cache_miss,cpu,convolution,brgconv:avx512_core,forward_inference,,,mb8,3.0");
		PrimitiveTimes.add(s, "onednn_verbose,info,cpu,runtime:OpenMP,nthr:2");
		assertEquals(3, s.size(), "creation and information lines are not executions: " + s.keySet());
		// Each implementation on its own line, so a reference kernel (ref:any) stands out.
		assertArrayEquals(new double[] {1, 1.25}, s.get("convolution forward_inference brgconv:avx512_core"), 1e-12);
		assertArrayEquals(new double[] {1, 0.75}, s.get("convolution forward_inference jit:avx512_core"), 1e-12);
		assertArrayEquals(new double[] {1, 0.5}, s.get("concat undef simple:any"), 1e-12);
	}
}
