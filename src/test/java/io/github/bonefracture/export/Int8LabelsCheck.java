package io.github.bonefracture.export;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.data.ImageInputs;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.engine.Precision;
import io.github.bonefracture.preprocess.FloatImage;
import io.github.bonefracture.preprocess.Preprocessing;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Not a test (a trained model belongs here; a tiny one's P crowd its
 * threshold): exports a model's int8 QDQ graph and compares ONNX Runtime's
 * labels and P with this project's int8 and float over a folder. Run with
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test
 *   -Dexec.mainClass=io.github.bonefracture.export.Int8LabelsCheck -Dexec.args="MODEL.zip FOLDER"
 */
public final class Int8LabelsCheck {
	private Int8LabelsCheck() {}

	public static void main(String[] a) throws Exception {
		ModelFile model = ModelFile.load(Path.of(a[0]));
		Path onnx = java.nio.file.Files.createTempFile("int8", ".onnx");
		OnnxExport.write(model, false, true, onnx);
		Preprocessing pre = model.metadata.preprocessing;
		double t = model.metadata.threshold, largest = 0, largestFloat = 0;
		int n = 0, flips = 0, flipsFloat = 0, fracture = 0;
		try (Detector d = new Detector(model, Backends.onednn()); OnnxRuntime ort = new OnnxRuntime(onnx)) {
			Detector.Options q = new Detector.Options().precision(Precision.INT8), f = new Detector.Options();
			q.heatmap = false;
			f.heatmap = false;
			for (Path file : ImageInputs.of(Path.of(a[1])).files) {
				FloatImage grey = pre.toUnitGrey(ImageLoader.load(file), 1);
				double ours = d.detectGrey(List.of(grey), q).get(0).probability, exact = d.detectGrey(List.of(grey), f).get(0).probability;
				double theirs = ort.run(pre.normalise(grey), 1, pre.channels(), pre.height(), pre.width()).get(OnnxExport.OUTPUT)[0];
				largest = Math.max(largest, Math.abs(theirs - ours));
				largestFloat = Math.max(largestFloat, Math.abs(theirs - exact));
				if ((theirs >= t) != (ours >= t)) flips++;
				if ((theirs >= t) != (exact >= t)) flipsFloat++;
				if (ours >= t) fracture++;
				n++;
			}
		}
		System.out.printf(Locale.ROOT, "%d images, threshold %.3f, ours int8 says Fracture for %d%n", n, t, fracture);
		System.out.printf(Locale.ROOT, "ONNX Runtime int8 (QDQ) against ours int8: largest |dP| %.4f, labels differing %d%n", largest, flips);
		System.out.printf(Locale.ROOT, "ONNX Runtime int8 (QDQ) against float: largest |dP| %.4f, labels differing %d%n", largestFloat, flipsFloat);
	}
}
