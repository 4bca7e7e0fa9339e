package io.github.bonefracture.gan;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.CanceledException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.phantom.PhantomGenerator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTrainingTest {

	@TempDir
	Path dir;

	@Test
	void aCanceledTrainingLeavesNoGeneratorAndAFinishedOneReadsBackTheSame() throws Exception {
		Path data = dir.resolve("data");
		new PhantomGenerator(3, 64, 64).writeSet(data, 4, 0);
		GanConfig c = GanTrainerTest.tiny(3);
		c.batchSize = 4;
		GeneratorTraining.Images images = GeneratorTraining.load(data, c.imageSize, Long.MAX_VALUE, Progress.NONE);
		assertEquals(8, images.images.size());
		AtomicInteger asked = new AtomicInteger();
		Progress cancelSoon = new Progress() {
			@Override
			public boolean isCanceled() {
				return asked.incrementAndGet() > 3;
			}
		};
		Path file = dir.resolve("generator.zip");
		assertThrows(CanceledException.class, () -> GeneratorTraining.run(images, file, null, c, cancelSoon));
		assertTrue(asked.get() < 10, "canceled within a step or two, not at the end: asked " + asked.get() + " times");
		assertFalse(Files.exists(file));

		Generator g = GeneratorTraining.run(images, file, null, c, Progress.NONE);
		Generator back = GeneratorFile.load(file);
		assertEquals(g.parameters(), back.parameters());
		assertArrayEquals(g.sample(Label.NORMAL, 2, 3).get(1).data, back.sample(Label.NORMAL, 2, 3).get(1).data, "sampling reads BatchNorm's statistics back too");
	}
}
