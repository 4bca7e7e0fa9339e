package io.github.bonefracture.render;

import io.github.bonefracture.data.Label;
import io.github.bonefracture.engine.Prediction;
import io.github.bonefracture.preprocess.FloatImage;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ColorProcessor;

import java.awt.Color;
import java.awt.Font;

/**
 * The answer drawn on an image as named overlay ROIs: a semi-transparent
 * class-activation heatmap and the label with its probability. A rerun
 * replaces only these ROIs; the user's own stay.
 */
public final class ResultOverlay {

	/** Every ROI this plugin adds has a name starting with this. */
	public static final String PREFIX = "BFD ";
	public static final String HEATMAP = PREFIX + "heatmap";
	public static final String LABEL = PREFIX + "label";
	public static final double HEATMAP_OPACITY = 0.4;

	private ResultOverlay() {}

	/** Removes this plugin's earlier ROIs and adds the new ones to the image's overlay. */
	public static Overlay apply(ImagePlus imp, Prediction p, boolean heatmap) {
		Overlay overlay = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
		removeOwn(overlay);
		if (heatmap && p.cam != null) overlay.add(heatmapRoi(p, imp.getWidth(), imp.getHeight()));
		overlay.add(labelRoi(p, imp.getWidth(), imp.getHeight()));
		imp.setOverlay(overlay);
		return overlay;
	}

	public static void removeOwn(Overlay overlay) {
		for (int i = overlay.size() - 1; i >= 0; i--) {
			String name = overlay.get(i).getName();
			if (name != null && name.startsWith(PREFIX)) overlay.remove(i);
		}
	}

	/**
	 * Colours run over the map's own range, so the places that weigh most for
	 * the answer stand out whatever the overall probability.
	 */
	static Roi heatmapRoi(Prediction p, int width, int height) {
		FloatImage map = p.heatmap(width, height);
		float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
		for (float v : map.data) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		float range = hi > lo ? hi - lo : 1;
		ColorProcessor cp = new ColorProcessor(width, height);
		int[] px = (int[]) cp.getPixels();
		for (int i = 0; i < px.length; i++) px[i] = colour((map.data[i] - lo) / range);
		ImageRoi roi = new ImageRoi(0, 0, cp);
		roi.setOpacity(HEATMAP_OPACITY);
		roi.setName(HEATMAP);
		return roi;
	}

	/** Blue (no fracture evidence) through green and yellow to red (strong evidence). */
	static int colour(float v) {
		float t = Math.max(0, Math.min(1, v));
		float r = Math.min(1, Math.max(0, 1.5f - Math.abs(4 * t - 3)));
		float g = Math.min(1, Math.max(0, 1.5f - Math.abs(4 * t - 2)));
		float b = Math.min(1, Math.max(0, 1.5f - Math.abs(4 * t - 1)));
		return ((int) (r * 255) << 16) | ((int) (g * 255) << 8) | (int) (b * 255);
	}

	static Roi labelRoi(Prediction p, int width, int height) {
		String text = String.format("%s  P(fracture) = %.2f", p.label.displayName(), p.probability);
		int size = Math.max(10, Math.min(width, height) / 18);
		TextRoi roi = new TextRoi(size / 2.0, size / 2.0, text, new Font("SansSerif", Font.BOLD, size));
		roi.setStrokeColor(p.label == Label.FRACTURE ? new Color(255, 80, 80) : new Color(120, 255, 120));
		roi.setFillColor(new Color(0, 0, 0, 160));
		roi.setName(LABEL);
		return roi;
	}

	/** Longest side of an annotated copy: files of huge inputs cost no more memory than detection. */
	public static final int MAX_ANNOTATED_SIDE = 2048;

	/** A flattened RGB copy with the overlay burnt in, for files; at most {@link #MAX_ANNOTATED_SIDE} on its longest side. */
	public static ImagePlus flatten(ImagePlus imp, Prediction p, boolean heatmap) {
		ij.process.ImageProcessor ip = imp.getProcessor();
		double scale = Math.min(1, MAX_ANNOTATED_SIDE / (double) Math.max(ip.getWidth(), ip.getHeight()));
		if (scale < 1) {
			ip.setInterpolationMethod(ij.process.ImageProcessor.BILINEAR);
			ip = ip.resize(Math.max(1, (int) Math.round(ip.getWidth() * scale)), Math.max(1, (int) Math.round(ip.getHeight() * scale)), true);
		} else {
			ip = ip.duplicate();
		}
		ImagePlus copy = new ImagePlus(imp.getTitle(), ip);
		copy.setOverlay(new Overlay());
		apply(copy, p, heatmap);
		return copy.flatten();
	}
}
