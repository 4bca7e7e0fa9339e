package io.github.bonefracture.preprocess;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import io.github.bonefracture.core.InvalidInputException;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import java.util.Arrays;
import java.util.Locale;

/**
 * The one way an image becomes network input, for training and detection
 * alike, and recorded in every model file so that both stay the same.
 * <ol>
 * <li>Grey values (RGB through luminance; x-rays are grey), windowed between
 * two percentiles of the image to [0, 1], whatever the storage: 8 bits, 12
 * bits in 16, 16, or float give the same input ({@link #WINDOW}). Model files
 * made before this rule carry no {@code intensity} and keep theirs: 8-bit and
 * RGB divided by 255, 16- and 32-bit windowed ({@link #legacy8Bit}).</li>
 * <li>Inverted: DICOM MONOCHROME1 or an inverting LUT, so bone is always bright.</li>
 * <li>Resize (bilinear, averaging when shrinking) to the model's input.</li>
 * <li>Grey replicated to 3 channels, then (x - mean) / std per channel: Keras'
 * DenseNet "torch" preprocessing.</li>
 * </ol>
 */
public final class Preprocessing {

	public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
	public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

	/** The intensity rule of models made since it: every storage windowed between the percentiles. */
	public static final String WINDOW = "percentile window for every bit depth";

	private int width;
	private int height;
	private int channels;
	private float[] mean;
	private float[] std;
	private double windowLowPercentile;
	private double windowHighPercentile;
	/** {@link #WINDOW}; absent (null) in model files made before the rule, which keep theirs. */
	private String intensity;

	public Preprocessing(int width, int height, int channels, float[] mean, float[] std,
		double windowLowPercentile, double windowHighPercentile)
	{
		this(width, height, channels, mean, std, windowLowPercentile, windowHighPercentile, WINDOW);
	}

	private Preprocessing(int width, int height, int channels, float[] mean, float[] std,
		double windowLowPercentile, double windowHighPercentile, String intensity)
	{
		this.intensity = intensity;
		this.width = width;
		this.height = height;
		this.channels = channels;
		this.mean = mean.clone();
		this.std = std.clone();
		this.windowLowPercentile = windowLowPercentile;
		this.windowHighPercentile = windowHighPercentile;
		validate();
	}

	/** DenseNet transfer-learning input: square, 3 channels, ImageNet statistics. */
	public static Preprocessing imagenet(int size) {
		return new Preprocessing(size, size, 3, IMAGENET_MEAN, IMAGENET_STD, 0.5, 99.5);
	}

	/** The reference's naive CNN: one grey channel scaled to [0, 1]. */
	public static Preprocessing grey(int width, int height) {
		return new Preprocessing(width, height, 1, new float[] {0f}, new float[] {1f}, 0.5, 99.5);
	}

	public Preprocessing withSize(int w, int h) {
		return new Preprocessing(w, h, channels, mean, std, windowLowPercentile, windowHighPercentile, intensity);
	}

	/** The same under the rule of models made before {@link #WINDOW}: 8-bit and RGB divided by 255. */
	public Preprocessing withLegacyIntensity() {
		return new Preprocessing(width, height, channels, mean, std, windowLowPercentile, windowHighPercentile, null);
	}

	/** Whether 8-bit and RGB images are divided by 255 instead of windowed (model files made before the one rule). */
	public boolean legacy8Bit() {
		return intensity == null;
	}

	/** The intensity rule in words, as model files and exported packages state it. */
	public String intensityRule() {
		return legacy8Bit() ? "8-bit and RGB: value / 255; 16- and 32-bit: windowed between the " + windowLowPercentile + "th and "
			+ windowHighPercentile + "th percentiles (the rule of model files made before one rule for every storage)"
			: "every bit depth windowed between the " + windowLowPercentile + "th and " + windowHighPercentile + "th percentiles of the image";
	}

	private void validate() {
		if (width < 1 || height < 1) throw new InvalidInputException("Preprocessing: input size must be positive, got " + width + "x" + height);
		if (channels != 1 && channels != 3) throw new InvalidInputException("Preprocessing: channels must be 1 or 3, got " + channels);
		if (mean == null || std == null || mean.length != channels || std.length != channels)
			throw new InvalidInputException("Preprocessing: mean and std need one value per channel");
		// The network sees grey values in [0, 1]: a mean outside [-1, 2] or a std outside [0.001, 10] leaves nothing of the image.
		for (float m : mean) if (!(m >= -1 && m <= 2)) throw new InvalidInputException("Preprocessing: mean " + m + " is outside [-1, 2] (images are scaled to [0, 1])");
		for (float s : std) if (!(s >= 1e-3 && s <= 10)) throw new InvalidInputException("Preprocessing: std " + s + " is outside [0.001, 10] (images are scaled to [0, 1])");
		if (!(windowLowPercentile >= 0 && windowLowPercentile < windowHighPercentile && windowHighPercentile <= 100))
			throw new InvalidInputException("Preprocessing: window percentiles must satisfy 0 <= low < high <= 100");
		if (intensity != null && !intensity.equals(WINDOW))
			throw new InvalidInputException("Preprocessing: unknown intensity rule '" + intensity + "' (this version knows '" + WINDOW + "'; a newer one wrote it?)");
	}

	public int width() { return width; }
	public int height() { return height; }
	public int channels() { return channels; }
	public float[] mean() { return mean.clone(); }
	public float[] std() { return std.clone(); }
	public double windowLowPercentile() { return windowLowPercentile; }
	public double windowHighPercentile() { return windowHighPercentile; }

	public String toJson() {
		return GSON.toJson(this);
	}

	public static Preprocessing fromJson(String json) {
		Preprocessing p = GSON.fromJson(json, Preprocessing.class);
		if (p == null) throw new InvalidInputException("Preprocessing: empty JSON");
		p.validate();
		return p;
	}

	/** Tensor of the current slice; a stack must say which slice it means. */
	public float[] toTensor(ImagePlus imp) {
		if (imp.getStackSize() > 1)
			throw new InvalidInputException("Image '" + imp.getTitle() + "' is a stack of " + imp.getStackSize()
				+ " slices; choose one slice (e.g. Image > Duplicate) or pass a slice number");
		return toTensor(imp, 1);
	}

	public float[] toTensor(ImagePlus imp, int slice) {
		return normalise(toUnitGrey(imp, slice));
	}

	/** Grey in [0, 1] at the model's size: what augmentation works on. */
	public FloatImage toUnitGrey(ImagePlus imp, int slice) {
		if (slice < 1 || slice > imp.getStackSize())
			throw new InvalidInputException("Image '" + imp.getTitle() + "' has no slice " + slice + " (it has " + imp.getStackSize() + ")");
		ImageProcessor ip = imp.getStack().getProcessor(slice);
		FloatProcessor fp = unitGrey(ip, imp.getBitDepth());
		if (isMonochrome1(imp) || ip.isInvertedLut() || imp.isInvertedLut()) fp.invert();
		fp.setInterpolationMethod(ImageProcessor.BILINEAR);
		FloatProcessor resized = (fp.getWidth() == width && fp.getHeight() == height) ? fp
			: (FloatProcessor) fp.resize(width, height, true);
		return FloatImage.of(resized);
	}

	private FloatProcessor unitGrey(ImageProcessor ip, int bitDepth) {
		int w = ip.getWidth(), h = ip.getHeight();
		float[] out = new float[w * h];
		if (ip instanceof ColorProcessor) {
			int[] px = (int[]) ip.getPixels();
			for (int i = 0; i < px.length; i++) {
				int c = px[i];
				out[i] = (0.299f * ((c >> 16) & 0xff) + 0.587f * ((c >> 8) & 0xff) + 0.114f * (c & 0xff)) / 255f;
			}
		} else if (bitDepth == 8) {
			byte[] px = (byte[]) ip.getPixels();
			for (int i = 0; i < px.length; i++) out[i] = (px[i] & 0xff) / 255f;
		} else {
			for (int i = 0; i < out.length; i++) out[i] = ip.getf(i);
		}
		// The window is linear in the values: 8 bits, 12 in 16, 16, or float of the same image give the same [0, 1].
		if (!(legacy8Bit() && (bitDepth == 8 || ip instanceof ColorProcessor))) window(out);
		return new FloatProcessor(w, h, out);
	}

	private void window(float[] v) {
		int step = Math.max(1, v.length / 1_000_000);
		float[] sample = new float[(v.length + step - 1) / step];
		int n = 0;
		for (int i = 0; i < v.length; i += step) if (!Float.isNaN(v[i])) sample[n++] = v[i];
		if (n == 0) {
			Arrays.fill(v, 0f);
			return;
		}
		sample = Arrays.copyOf(sample, n);
		Arrays.sort(sample);
		float lo = percentile(sample, windowLowPercentile), hi = percentile(sample, windowHighPercentile);
		if (hi <= lo) { // a flat image: keep it flat, in the middle
			lo = sample[0];
			hi = sample[n - 1];
		}
		float range = hi - lo;
		for (int i = 0; i < v.length; i++) {
			float x = Float.isNaN(v[i]) ? 0f : range > 0 ? (v[i] - lo) / range : 0.5f;
			v[i] = x < 0 ? 0 : x > 1 ? 1 : x;
		}
	}

	/** Linear interpolation between order statistics (the common "type 7" definition). */
	static float percentile(float[] sorted, double p) {
		double pos = p / 100.0 * (sorted.length - 1);
		int i = (int) Math.floor(pos);
		if (i >= sorted.length - 1) return sorted[sorted.length - 1];
		double f = pos - i;
		return (float) (sorted[i] + f * (sorted[i + 1] - sorted[i]));
	}

	static boolean isMonochrome1(ImagePlus imp) {
		Object info = imp.getProperty("Info");
		if (info == null) return false;
		for (String line : info.toString().split("\n")) {
			String l = line.toUpperCase(Locale.ROOT);
			if (l.contains("PHOTOMETRIC INTERPRETATION") && l.contains("MONOCHROME1")) return true;
		}
		return false;
	}

	/** [0, 1] grey to the normalised CHW tensor. */
	public float[] normalise(FloatImage grey) {
		if (grey.width != width || grey.height != height)
			throw new IllegalArgumentException("image is " + grey.width + "x" + grey.height + ", model wants " + width + "x" + height);
		int n = width * height;
		float[] t = new float[channels * n];
		for (int c = 0; c < channels; c++) {
			float m = mean[c], s = std[c];
			for (int i = 0; i < n; i++) t[c * n + i] = (grey.data[i] - m) / s;
		}
		return t;
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof Preprocessing)) return false;
		Preprocessing p = (Preprocessing) o;
		return width == p.width && height == p.height && channels == p.channels && Arrays.equals(mean, p.mean)
			&& Arrays.equals(std, p.std) && windowLowPercentile == p.windowLowPercentile && windowHighPercentile == p.windowHighPercentile
			&& java.util.Objects.equals(intensity, p.intensity);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(new double[] {width, height, channels, windowLowPercentile, windowHighPercentile}) * 31 + Arrays.hashCode(mean);
	}

	@Override
	public String toString() {
		return toJson();
	}
}
