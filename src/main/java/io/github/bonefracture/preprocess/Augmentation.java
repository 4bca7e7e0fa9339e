package io.github.bonefracture.preprocess;

import java.util.Random;

/**
 * The reference study's augmentation with Keras' meaning of each factor:
 * RandomFlip("horizontal"), RandomRotation(0.1) (a fraction of a full turn),
 * RandomZoom(0.2) (aspect kept; above 1 zooms out), RandomBrightness(0.4)
 * (a fraction of the value range, added, then clipped). Out-of-image samples
 * use Keras' default "reflect" fill. Works on grey in [0, 1].
 */
public final class Augmentation {

	private final boolean flip;
	private final double rotation;
	private final double zoom;
	private final double brightness;

	public Augmentation(boolean flip, double rotation, double zoom, double brightness) {
		if (rotation < 0 || zoom < 0 || zoom >= 1 || brightness < 0 || brightness > 1)
			throw new IllegalArgumentException("augmentation factors out of range: rotation " + rotation + ", zoom " + zoom + ", brightness " + brightness);
		this.flip = flip;
		this.rotation = rotation;
		this.zoom = zoom;
		this.brightness = brightness;
	}

	/** The reference's settings. */
	public static Augmentation reference() {
		return new Augmentation(true, 0.1, 0.2, 0.4);
	}

	public static Augmentation none() {
		return new Augmentation(false, 0, 0, 0);
	}

	public boolean isIdentity() {
		return !flip && rotation == 0 && zoom == 0 && brightness == 0;
	}

	public boolean flip() { return flip; }
	public double rotation() { return rotation; }
	public double zoom() { return zoom; }
	public double brightness() { return brightness; }

	/** One random draw of every transform, in Keras' layer order. */
	public FloatImage apply(FloatImage img, Random rng) {
		FloatImage out = img;
		if (flip && rng.nextBoolean()) out = flipHorizontal(out);
		double angle = rotation > 0 ? (rng.nextDouble() * 2 - 1) * rotation * 2 * Math.PI : 0;
		double z = zoom > 0 ? 1 + (rng.nextDouble() * 2 - 1) * zoom : 1;
		if (angle != 0 || z != 1) out = rotateZoom(out, angle, z);
		if (brightness > 0) out = brighten(out, (float) ((rng.nextDouble() * 2 - 1) * brightness));
		return out == img ? img.copy() : out;
	}

	public static FloatImage flipHorizontal(FloatImage img) {
		FloatImage out = new FloatImage(img.width, img.height);
		for (int y = 0; y < img.height; y++)
			for (int x = 0; x < img.width; x++) out.set(x, y, img.get(img.width - 1 - x, y));
		return out;
	}

	/**
	 * Rotation by angle (radians, counter-clockwise on screen) and zoom about
	 * the centre in one resampling; zoom above 1 shows more of the image.
	 */
	public static FloatImage rotateZoom(FloatImage img, double angle, double zoom) {
		FloatImage out = new FloatImage(img.width, img.height);
		double cx = (img.width - 1) / 2.0, cy = (img.height - 1) / 2.0;
		double cos = Math.cos(angle), sin = Math.sin(angle);
		for (int y = 0; y < img.height; y++) {
			for (int x = 0; x < img.width; x++) {
				double dx = (x - cx) * zoom, dy = (y - cy) * zoom;
				// Inverse map: screen y points down, so a counter-clockwise turn is (cos, -sin; sin, cos) in (x, -y).
				double sx = cx + cos * dx - sin * dy;
				double sy = cy + sin * dx + cos * dy;
				out.set(x, y, bilinearReflect(img, sx, sy));
			}
		}
		return out;
	}

	public static FloatImage brighten(FloatImage img, float delta) {
		FloatImage out = new FloatImage(img.width, img.height);
		for (int i = 0; i < img.data.length; i++) {
			float v = img.data[i] + delta;
			out.data[i] = v < 0 ? 0 : v > 1 ? 1 : v;
		}
		return out;
	}

	private static float bilinearReflect(FloatImage img, double x, double y) {
		int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
		double fx = x - x0, fy = y - y0;
		float a = img.get(reflect(x0, img.width), reflect(y0, img.height));
		float b = img.get(reflect(x0 + 1, img.width), reflect(y0, img.height));
		float c = img.get(reflect(x0, img.width), reflect(y0 + 1, img.height));
		float d = img.get(reflect(x0 + 1, img.width), reflect(y0 + 1, img.height));
		return (float) ((a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy);
	}

	/** Keras "reflect": (d c b a | a b c d | d c b a), the edge pixel repeated. */
	static int reflect(int i, int n) {
		if (n == 1) return 0;
		int period = 2 * n;
		int m = Math.floorMod(i, period);
		return m < n ? m : period - 1 - m;
	}
}
