package io.github.bonefracture.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundFiguresTest {

	@Test
	void mediansAndRangesPerSeries() {
		RoundFigures r = new RoundFigures();
		assertEquals(1.15, r.add("ratio ours/ONNX Runtime, inference", 1.15));
		r.add("ratio ours/ONNX Runtime, inference", 0.94);
		r.add("ratio ours/ONNX Runtime, inference", 0.97);
		r.add("ratio ours/PyTorch, training", 1.44);
		r.add("ratio ours/PyTorch, training", 1.86);
		assertEquals(0.97, r.median("ratio ours/ONNX Runtime, inference"), 1e-12);
		assertEquals(1.65, r.median("ratio ours/PyTorch, training"), 1e-12, "an even count's median is the mean of the middle two");
		assertTrue(Double.isNaN(r.median("latency")));

		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		r.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
		String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
		assertEquals(2, lines.length);
		assertEquals("median of 3 rounds, ratio ours/ONNX Runtime, inference: 0.97 (range 0.94-1.15)", lines[0]);
		assertEquals("median of 2 rounds, ratio ours/PyTorch, training: 1.65 (range 1.44-1.86)", lines[1]);
	}
}
