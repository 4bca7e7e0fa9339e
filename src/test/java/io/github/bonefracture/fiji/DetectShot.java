package io.github.bonefracture.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.io.File;

import javax.imageio.ImageIO;

/**
 * The README's picture of Detect Fracture as a user sees it: ImageJ 1.x
 * started on a real (Xvfb) screen, an x-ray opened, the plain-ImageJ entry
 * run with a macro's options, the screen saved.
 *
 *   DISPLAY=:42 java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     io.github.bonefracture.fiji.DetectShot MODEL IMAGE OUT.png
 */
public final class DetectShot {
	private DetectShot() {}

	public static void main(String[] a) throws Exception {
		new ij.ImageJ();
		ImagePlus imp = IJ.openImage(a[1]);
		imp.show();
		Thread.sleep(1000);
		IJ.run(imp, "Set... ", "zoom=200");
		Thread.currentThread().setName("Run$_" + Thread.currentThread().getName());
		Macro.setOptions(Thread.currentThread(), "model_file=[" + a[0] + "] threshold=0 heatmap");
		new ImageJ1Plugin().run("detect-image");
		Macro.setOptions(Thread.currentThread(), null);
		Thread.sleep(2500);
		// No window manager: lay the windows out as a user would, the image below the bar, the table beside it.
		java.awt.Window image = imp.getWindow(), table = ij.WindowManager.getWindow("Results");
		image.setLocation(0, IJ.getInstance().getHeight() + 5);
		if (table != null) table.setBounds(image.getX() + image.getWidth() + 5, image.getY(), 600, 130);
		java.awt.Window log = ij.WindowManager.getWindow("Log");
		if (log != null) log.setBounds(image.getX() + image.getWidth() + 5, image.getY() + 140, 600, 300);
		Thread.sleep(1500);
		Toolkit.getDefaultToolkit().sync();
		Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
		java.awt.image.BufferedImage full = new Robot().createScreenCapture(screen);
		Rectangle drawn = DialogShots.drawn(full);
		ImageIO.write(full.getSubimage(drawn.x, drawn.y, drawn.width, drawn.height), "png", new File(a[2]));
		System.exit(0);
	}
}
