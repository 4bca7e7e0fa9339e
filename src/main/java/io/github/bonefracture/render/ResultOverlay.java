package io.github.bonefracture.render;

import io.github.bonefracture.data.Label;
import io.github.bonefracture.prediction.Prediction;
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
	public static final String LEGEND = PREFIX + "legend";
	public static final double HEATMAP_OPACITY = 0.4;

	private ResultOverlay() {}

	/**
	 * Removes this plugin's earlier ROIs and adds the new ones to the image's
	 * overlay: the heatmap beneath the user's own ROIs (first in the overlay,
	 * so drawn first), its legend and the label above.
	 */
	public static Overlay apply(ImagePlus imp, Prediction p, boolean heatmap) {
		Overlay overlay = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
		removeOwn(overlay);
		Overlay result = new Overlay();
		if (heatmap) p.heatmap(imp.getWidth(), imp.getHeight()).ifPresent(map -> result.add(heatmapRoi(map, imp.getWidth(), imp.getHeight())));
		for (Roi r : overlay.toArray()) result.add(r);
		if (heatmap && p.cam != null) for (Roi r : legend(imp.getWidth(), imp.getHeight())) result.add(r);
		result.add(labelRoi(p, imp.getWidth(), imp.getHeight()));
		imp.setOverlay(result);
		return result;
	}

	public static void removeOwn(Overlay overlay) {
		for (int i = overlay.size() - 1; i >= 0; i--) {
			String name = overlay.get(i).getName();
			if (name != null && name.startsWith(PREFIX)) overlay.remove(i);
		}
	}

	/**
	 * Colours on a fixed scale of P(fracture) per place (the sigmoid of the
	 * class-activation map, whose mean is the image's logit): a confident
	 * "Normal" is blue everywhere, not painted hot over its own small range.
	 */
	static Roi heatmapRoi(FloatImage map, int width, int height) {
		ColorProcessor cp = new ColorProcessor(width, height);
		int[] px = (int[]) cp.getPixels();
		for (int i = 0; i < px.length; i++) px[i] = colour(map.data[i]);
		ImageRoi roi = new ImageRoi(0, 0, cp);
		roi.setOpacity(HEATMAP_OPACITY);
		roi.setName(HEATMAP);
		return roi;
	}

	/** The colour bar of that scale at the right edge, 0 at the bottom and 1 at the top, with its title. */
	static Roi[] legend(int width, int height) {
		// Below the label's line at the top, along the right edge.
		int h = Math.max(20, height / 3), w = Math.max(6, width / 40), margin = Math.max(4, width / 60), top = Math.max(margin, height / 4);
		ColorProcessor bar = new ColorProcessor(w, h);
		for (int y = 0; y < h; y++) {
			int c = colour(1f - y / (float) (h - 1));
			for (int x = 0; x < w; x++) bar.set(x, y, c);
		}
		ImageRoi barRoi = new ImageRoi(width - w - margin, top, bar);
		barRoi.setName(LEGEND);
		int size = Math.max(8, Math.min(width, height) / 30);
		// What the colours mean, at the bar's ends.
		TextRoi text = new TextRoi(0, 0, "fracture 1", new Font("SansSerif", Font.PLAIN, size));
		text.setLocation(Math.max(0, width - w - 2 * margin - text.getBounds().width), top);
		text.setStrokeColor(Color.WHITE);
		text.setName(LEGEND + " top");
		TextRoi zero = new TextRoi(0, 0, "normal 0", new Font("SansSerif", Font.PLAIN, size));
		zero.setLocation(Math.max(0, width - w - 2 * margin - zero.getBounds().width), top + h - zero.getBounds().height);
		zero.setStrokeColor(Color.WHITE);
		zero.setName(LEGEND + " bottom");
		return new Roi[] {barRoi, text, zero};
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
		// P with three decimals beside the threshold it is compared with, and why an answer is not the label.
		String text = String.format(java.util.Locale.ROOT, "%s%nP(fracture) %.3f, threshold %.3f%s", p.answer(), p.probability, p.threshold,
			p.why().isEmpty() ? "" : ": " + p.why());
		// As large as reads well, but never wider than the image.
		int size = Math.max(10, Math.min(width, height) / 18);
		TextRoi roi = new TextRoi(size / 2.0, size / 2.0, text, new Font("SansSerif", Font.BOLD, size));
		java.awt.Graphics g = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB).getGraphics();
		while (size > 6 && widest(g.getFontMetrics(new Font("SansSerif", Font.BOLD, size)), text) + size > 0.95 * width) size--;
		g.dispose();
		roi = new TextRoi(size / 2.0, size / 2.0, text, new Font("SansSerif", Font.BOLD, size));
		// An answer the model cannot stand behind is drawn in neither class's colour.
		boolean sure = p.answer().equals(p.label.displayName());
		roi.setStrokeColor(!sure ? new Color(255, 200, 0) : p.label == Label.FRACTURE ? new Color(255, 80, 80) : new Color(120, 255, 120));
		roi.setFillColor(new Color(0, 0, 0, 160));
		roi.setName(LABEL);
		return roi;
	}

	private static int widest(java.awt.FontMetrics m, String text) {
		int w = 0;
		for (String line : text.split("\n")) w = Math.max(w, m.stringWidth(line));
		return w;
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
