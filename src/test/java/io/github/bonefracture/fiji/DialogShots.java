package io.github.bonefracture.fiji;

import io.github.bonefracture.options.Job;

import ij.gui.GenericDialog;

import java.awt.Button;
import java.awt.EventQueue;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * Opens every plain-ImageJ dialog of every job on a real screen, prints its
 * size and whether OK and Cancel lie on the screen, and saves a screenshot
 * of each (when given a folder). Run under Xvfb at 1366 x 768 by
 * DialogsFitTest, and by hand to refresh the README's pictures:
 *
 *   Xvfb :42 -screen 0 1366x768x24 &
 *   DISPLAY=:42 java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     io.github.bonefracture.fiji.DialogShots src/site/resources/images
 */
public final class DialogShots {
	private DialogShots() {}

	public static void main(String[] args) throws Exception {
		Path out = args.length > 0 ? Paths.get(args[0]) : null;
		if (out != null) Files.createDirectories(out);
		Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
		System.out.println("screen " + screen.width + " " + screen.height);
		for (Job job : Job.values()) {
			shoot(IJ1Dialog.first(job), job.command() + "-dialog", screen, out);
			if (!io.github.bonefracture.options.Options.advanced(job).isEmpty()) shoot(IJ1Dialog.second(job), job.command() + "-advanced", screen, out);
		}
		typedText(Job.TRAIN, "epochs1", "abc");
	}

	/** Types text into one field of the job's first dialog and reads the dialog as OK would: "parse-refused MESSAGE" or "parse-accepted". */
	static void typedText(Job job, String key, String text) {
		GenericDialog gd = IJ1Dialog.first(job);
		int field = 0;
		for (io.github.bonefracture.options.Opt o : io.github.bonefracture.options.Options.essential(job)) {
			if (o.key().equals(key)) break;
			if (o.kind() != io.github.bonefracture.options.Opt.Kind.BOOLEAN && o.kind() != io.github.bonefracture.options.Opt.Kind.CHOICE) field++;
		}
		((java.awt.TextField) gd.getStringFields().get(field)).setText(text);
		try {
			IJ1Dialog.read(gd, io.github.bonefracture.options.Options.essential(job));
			System.out.println("parse-accepted");
		} catch (io.github.bonefracture.core.InvalidInputException e) {
			System.out.println("parse-refused " + e.getMessage());
		} finally {
			gd.dispose();
		}
	}

	/** The bounding box of the pixels that are not the empty screen's black, or null. */
	static Rectangle drawn(java.awt.image.BufferedImage img) {
		int x0 = img.getWidth(), y0 = img.getHeight(), x1 = -1, y1 = -1;
		for (int y = 0; y < img.getHeight(); y++)
			for (int x = 0; x < img.getWidth(); x++)
				if ((img.getRGB(x, y) & 0xFFFFFF) != 0) {
					x0 = Math.min(x0, x);
					y0 = Math.min(y0, y);
					x1 = Math.max(x1, x);
					y1 = Math.max(y1, y);
				}
		return x1 < 0 ? null : new Rectangle(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
	}

	/** Shows the (modal) dialog from another thread, measures it once it is on screen, saves its picture, closes it. */
	static void shoot(GenericDialog gd, String name, Rectangle screen, Path out) throws Exception {
		Thread t = new Thread(gd::showDialog, name);
		t.setDaemon(true);
		t.start();
		long until = System.currentTimeMillis() + 30_000;
		while (System.currentTimeMillis() < until && (gd.getButtons() == null || !gd.getButtons()[0].isShowing())) Thread.sleep(50);
		// Without a window manager Java's idea of where the window is can lag the X server's: the picture is
		// the screen (black where no window is) cropped to what is drawn on it.
		Thread.sleep(1500);
		Toolkit.getDefaultToolkit().sync();
		java.awt.image.BufferedImage full = new Robot().createScreenCapture(screen);
		Rectangle drawn = drawn(full);
		Rectangle b = new Rectangle(gd.getLocationOnScreen(), gd.getSize());
		boolean buttons = true;
		for (Button button : gd.getButtons()) {
			if (button == null || !button.isShowing()) continue;
			Point p = button.getLocationOnScreen();
			buttons &= screen.contains(new Rectangle(p.x, p.y, button.getWidth(), button.getHeight()));
		}
		System.out.printf(Locale.ROOT, "dialog %s %d %d %s%n", name, b.width, b.height, buttons ? "buttons-on-screen" : "buttons-off-screen");
		if (out != null && drawn != null) ImageIO.write(full.getSubimage(drawn.x, drawn.y, drawn.width, drawn.height), "png", out.resolve("dialog-" + name + ".png").toFile());
		EventQueue.invokeAndWait(gd::dispose);
		t.join(10_000);
	}
}
