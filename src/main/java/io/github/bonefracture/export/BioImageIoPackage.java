package io.github.bonefracture.export;

import io.github.bonefracture.core.Sha256;
import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.core.OutputFiles;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.engine.Detector;
import io.github.bonefracture.engine.ModelFile;
import io.github.bonefracture.engine.ModelMetadata;
import io.github.bonefracture.phantom.PhantomGenerator;
import io.github.bonefracture.prediction.Prediction;
import io.github.bonefracture.preprocess.FloatImage;
import io.github.bonefracture.render.Png;
import io.github.bonefracture.render.ResultOverlay;

import ij.ImagePlus;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A BioImage.IO model package: one zip with rdf.yaml at its root, the ONNX
 * weights (which take the raw grey image: {@link RawImageInput}), test
 * tensors a consumer reproduces (a raw 8-bit image at its own size, the
 * outputs as this plugin's detector computes them from it), a cover,
 * README.md with the input contract, and the original model file so the
 * package also opens in this plugin.
 */
public final class BioImageIoPackage {

	static final String RDF = "rdf.yaml";
	static final String WEIGHTS = "model.onnx";
	static final String TEST_INPUT = "test_input.npy";
	static final String TEST_OUTPUT = "test_output.npy";
	static final String TEST_CAM = "test_cam.npy";
	static final String TEST_DISTANCE = "test_distance.npy";
	static final String COVER = "cover.png";
	static final String DOCUMENTATION = "README.md";
	static final String MODEL_FILE = "bone-fracture-model.zip";
	/** The test image: a synthetic radiograph with a fracture, the same in every package. */
	static final long TEST_IMAGE_SEED = 2017;

	private BioImageIoPackage() {}

	/** Writes the package for the model read from modelFile (carried without its local paths); backend computes the test outputs. */
	public static void write(ModelFile model, Path modelFile, ExportOptions o, Backend backend, Path zip) {
		ModelMetadata meta = model.metadata;
		// A model that describes its training data tells the package's users too: the distance is an output of the graph.
		boolean distance = meta.inDistribution != null && meta.featureLayer != null;
		byte[] onnx = OnnxExport.graph(model, o.heatmapOutputs, false, distance, true, false).toByteArray();

		FloatImage phantom = new PhantomGenerator(TEST_IMAGE_SEED).generate(0, Label.FRACTURE).image;
		ImagePlus imp = new ImagePlus("test image", phantom.to8bit());
		// The image as a consumer has it: raw 8-bit values at its own size; the graph does the rest.
		float[] input = new float[imp.getWidth() * imp.getHeight()];
		for (int i = 0; i < input.length; i++) input[i] = imp.getProcessor().getf(i);
		Prediction p;
		try (Detector d = new Detector(model, backend)) {
			Detector.Options opts = new Detector.Options();
			opts.heatmap = o.heatmapOutputs;
			p = d.detect(imp, opts);
		}

		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put(WEIGHTS, onnx);
		files.put(TEST_INPUT, Npy.float32(input, 1, 1, imp.getHeight(), imp.getWidth()));
		files.put(TEST_OUTPUT, Npy.float32(new float[] {(float) p.probability}, 1, 1));
		int[] camSize = null;
		if (o.heatmapOutputs) {
			camSize = new int[] {p.cam.height, p.cam.width};
			files.put(TEST_CAM, Npy.float32(p.cam.data, 1, 1, p.cam.height, p.cam.width));
		}
		if (distance) files.put(TEST_DISTANCE, Npy.float32(new float[] {(float) p.distributionScore}, 1, 1));
		files.put(COVER, Png.encode(twoToOne(ResultOverlay.flatten(imp, p, o.heatmapOutputs))));
		files.put(DOCUMENTATION, PackageReadme.text(meta, o, camSize).getBytes(StandardCharsets.UTF_8));
		files.put(MODEL_FILE, withoutLocalPaths(model));

		Map<String, Object> rdf = PackageDescription.rdf(meta, o, model.network.numParams(), file(files, WEIGHTS), file(files, TEST_INPUT),
			file(files, TEST_OUTPUT), o.heatmapOutputs ? file(files, TEST_CAM) : null, camSize, distance ? file(files, TEST_DISTANCE) : null, COVER, DOCUMENTATION, file(files, MODEL_FILE));
		byte[] yaml = yaml(rdf).getBytes(StandardCharsets.UTF_8);

		OutputFiles.writeStream(zip, out -> {
			ZipOutputStream z = new ZipOutputStream(out);
			put(z, RDF, yaml);
			for (Map.Entry<String, byte[]> e : files.entrySet()) put(z, e.getKey(), e.getValue());
			z.finish();
			z.flush();
		});
	}

	static String yaml(Map<String, Object> rdf) {
		DumperOptions d = new DumperOptions();
		d.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		d.setIndent(2);
		d.setWidth(120);
		return "# BioImage.IO model description, written by Bone Fracture Detection for Fiji\n" + new Yaml(d).dump(rdf);
	}

	/** The model file as the package carries it: the same network and metadata, its local paths cut to their last names. */
	private static byte[] withoutLocalPaths(ModelFile model) {
		Path tmp = null;
		try {
			tmp = Files.createTempFile("bfd-shared-model", ".zip");
			model.save(tmp, SharedMetadata::strip);
			return Files.readAllBytes(tmp);
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot write the package's copy of the model file", e);
		} finally {
			if (tmp != null) tmp.toFile().delete();
		}
	}

	/** The cover at the 2:1 the spec asks for: the annotated test image centred on black. */
	static ImagePlus twoToOne(ImagePlus cover) {
		int h = cover.getHeight(), w = Math.max(cover.getWidth(), 2 * h);
		h = w / 2;
		ij.process.ColorProcessor canvas = new ij.process.ColorProcessor(w, h);
		ij.process.ImageProcessor ip = cover.getProcessor().convertToRGB();
		if (ip.getHeight() > h) ip = ip.resize(ip.getWidth() * h / ip.getHeight(), h);
		canvas.insert(ip, (w - ip.getWidth()) / 2, (h - ip.getHeight()) / 2);
		return new ImagePlus(cover.getTitle(), canvas);
	}

	private static PackageDescription.File file(Map<String, byte[]> files, String name) {
		return new PackageDescription.File(name, Sha256.hex(files.get(name)));
	}

	private static void put(ZipOutputStream z, String name, byte[] data) throws IOException {
		z.putNextEntry(new ZipEntry(name));
		z.write(data);
		z.closeEntry();
	}
}
