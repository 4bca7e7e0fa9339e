package io.github.bonefracture.engine;

import io.github.bonefracture.core.Futures;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.data.UnreadableImageException;
import io.github.bonefracture.prediction.Prediction;
import io.github.bonefracture.preprocess.FloatImage;
import io.github.bonefracture.preprocess.Preprocessing;

import ij.ImagePlus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Detection over files as a two-stage pipeline: reader threads (one per
 * core) read, decode and preprocess the next batch's images while the
 * network computes this batch, so the slower of the two stages sets the pace
 * (radiographs of several megapixels take longer to read and shrink than the
 * network takes to judge them). At most two batches of model-sized images,
 * and one full-size image per reader, are held.
 */
final class FileDetection {

	private final Detector detector;
	private final Preprocessing pre;

	FileDetection(Detector detector, Preprocessing pre) {
		this.detector = detector;
		this.pre = pre;
	}

	List<Detector.FileResult> run(List<Path> files, Detector.Options o, Progress progress) {
		List<Detector.FileResult> results = new ArrayList<>();
		int step = Math.max(1, o.batchSize);
		int threads = Math.max(1, Math.min(step, Runtime.getRuntime().availableProcessors()));
		ExecutorService reader = Executors.newFixedThreadPool(threads, r -> {
			Thread t = new Thread(r, "bfd-image-reader");
			t.setDaemon(true);
			return t;
		});
		long readNanos = 0, networkNanos = 0, start = System.nanoTime();
		try {
			List<Future<Read>> next = submit(reader, files.subList(0, Math.min(files.size(), step)), o);
			for (int from = 0; from < files.size(); from += step) {
				progress.checkCanceled();
				Chunk chunk = await(files.subList(from, Math.min(files.size(), from + step)), next);
				readNanos += chunk.nanos;
				int after = from + step;
				if (after < files.size()) next = submit(reader, files.subList(after, Math.min(files.size(), after + step)), o);
				long t0 = System.nanoTime();
				List<Prediction> preds = chunk.images.isEmpty() ? List.of() : detector.detectGrey(chunk.images, o);
				networkNanos += System.nanoTime() - t0;
				int k = 0;
				for (int i = 0; i < chunk.files.size(); i++) {
					Detector.FileResult r = chunk.results.get(i);
					results.add(r != null ? r : new Detector.FileResult(chunk.files.get(i), preds.get(k++), null));
				}
				progress.progress("Detecting", Math.min(files.size(), after), files.size());
			}
		} finally {
			reader.shutdownNow();
		}
		if (!files.isEmpty()) {
			double total = (System.nanoTime() - start) / 1e9;
			progress.info(String.format(Locale.ROOT, "%d images in %.1f s (%.1f images/s): reading and preprocessing %.1f s (thread time, %d readers), network %.1f s",
				files.size(), total, files.size() / total, readNanos / 1e9, threads, networkNanos / 1e9));
		}
		return results;
	}

	/** One batch as read: the images that decoded, and per file null or its error. */
	private static final class Chunk {
		final List<Path> files;
		final List<FloatImage> images = new ArrayList<>();
		final List<Detector.FileResult> results = new ArrayList<>();
		long nanos;

		Chunk(List<Path> files) {
			this.files = files;
		}
	}

	/** One file as read: its model-sized grey image, or why there is none. */
	private static final class Read {
		FloatImage image;
		Detector.FileResult error;
		long nanos;
	}

	private List<Future<Read>> submit(ExecutorService reader, List<Path> files, Detector.Options o) {
		List<Future<Read>> l = new ArrayList<>();
		for (Path f : files) l.add(reader.submit(() -> read(f, o)));
		return l;
	}

	private Read read(Path f, Detector.Options o) {
		long t0 = System.nanoTime();
		Read r = new Read();
		try {
			ImagePlus imp = ImageLoader.load(f, o.maxPixels);
			r.image = pre.toUnitGrey(imp, 1);
			imp.flush();
		} catch (UnreadableImageException e) {
			r.error = new Detector.FileResult(f, null, e.reason());
		} catch (RuntimeException e) {
			r.error = new Detector.FileResult(f, null, e.getMessage());
		}
		r.nanos = System.nanoTime() - t0;
		return r;
	}

	/** The batch's reads in file order, waiting for those still running. */
	private static Chunk await(List<Path> files, List<Future<Read>> reads) {
		Chunk c = new Chunk(files);
		for (Future<Read> f : reads) {
			Read r = Futures.await(f);
			c.nanos += r.nanos;
			if (r.image != null) c.images.add(r.image);
			c.results.add(r.error);
		}
		return c;
	}

}
