package io.github.bonefracture.export;

import io.github.bonefracture.backend.choice.Backends;
import io.github.bonefracture.data.ImageInputs;
import io.github.bonefracture.data.ImageLoader;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.preprocess.FloatImage;
import io.github.bonefracture.preprocess.Preprocessing;
import io.github.bonefracture.prediction.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Not a test (real sizes belong here, not in the suite): exports a model file to ONNX and compares
 * ONNX Runtime with the detector, on both backends, over sample-images. Run with
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test
 *   -Dexec.mainClass=io.github.bonefracture.export.FullSizeExportCheck -Dexec.args="MODEL.zip OUT.onnx"
 */
public final class FullSizeExportCheck {
	private FullSizeExportCheck() {}

	public static void main(String[] a) throws Exception {
		ModelFile model = ModelFile.load(Path.of(a[0]));
		Path onnx = Path.of(a[1]);
		long t0 = System.nanoTime();
		OnnxExport.write(model, true, onnx);
		System.out.printf("export %.1f s, %d bytes%n", (System.nanoTime() - t0) / 1e9, Files.size(onnx));
		Preprocessing pre = model.metadata.preprocessing;
		for (String backend : new String[] {"dl4j", "onednn"}) {
			double maxP = 0, maxCam = 0; int n = 0;
			try (Detector d = new Detector(model, backend.equals("dl4j") ? Backends.dl4j() : Backends.onednn()); OnnxRuntime ort = new OnnxRuntime(onnx)) {
				Detector.Options o = new Detector.Options();
				for (Path f : ImageInputs.of(Path.of("sample-images")).files) {
					FloatImage grey = pre.toUnitGrey(ImageLoader.load(f), 1);
					Prediction e = d.detectGrey(List.of(grey), o).get(0);
					Map<String, float[]> out = ort.run(pre.normalise(grey), 1, pre.channels(), pre.height(), pre.width());
					maxP = Math.max(maxP, Math.abs(e.probability - out.get("p_fracture")[0]));
					float[] cam = out.get("cam");
					for (int i = 0; i < cam.length; i++) maxCam = Math.max(maxCam, Math.abs(e.cam.data[i] - cam[i]));
					n++;
				}
			}
			System.out.printf("%s vs ONNX Runtime on %d sample images: max |dP| %.2e, max |dCAM| %.2e%n", backend, n, maxP, maxCam);
		}
	}
}
