package io.github.bonefracture.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatioSeriesTest {

	@Test
	void mediansAndRangesPerSeries() {
		RatioSeries r = new RatioSeries();
		assertEquals(1.15, r.add("inference / ONNX Runtime", 1.15));
		r.add("inference / ONNX Runtime", 0.94);
		r.add("inference / ONNX Runtime", 0.97);
		r.add("training / PyTorch", 1.44);
		r.add("training / PyTorch", 1.86);
		assertEquals(0.97, r.median("inference / ONNX Runtime"), 1e-12);
		assertEquals(1.65, r.median("training / PyTorch"), 1e-12, "an even count's median is the mean of the middle two");
		assertTrue(Double.isNaN(r.median("latency")));

		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		r.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
		String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
		assertEquals(2, lines.length);
		assertEquals("median of 3 rounds, ours inference / ONNX Runtime: 0.97 (range 0.94-1.15)", lines[0]);
		assertEquals("median of 2 rounds, ours training / PyTorch: 1.65 (range 1.44-1.86)", lines[1]);
	}
}
