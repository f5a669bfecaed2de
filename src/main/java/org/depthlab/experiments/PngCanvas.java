package org.depthlab.experiments;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A {@link Plot.Canvas} that paints into a bitmap with Java2D (headless; no window needed) and
 * encodes it as PNG: the raster copy of every SVG figure, for readers and tools that take no
 * SVG. Drawn at twice the SVG's size so that it stays sharp on a high-density screen.
 */
public final class PngCanvas implements Plot.Canvas {

    private static final int SCALE = 2;

    private final BufferedImage image;
    private final Graphics2D g;

    private PngCanvas() {
        image = new BufferedImage(Plot.WIDTH * SCALE, Plot.HEIGHT * SCALE, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.scale(SCALE, SCALE);
    }

    /** The whole figure as PNG bytes. */
    public static byte[] render(Figure figure) {
        PngCanvas c = new PngCanvas();
        Plot.draw(figure, c);
        c.g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(c.image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void polygon(double[] xs, double[] ys, String color, double opacity) {
        Color c = Color.decode(color);
        g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * opacity)));
        g.fill(path(xs, ys, true));
    }

    @Override
    public void polyline(double[] xs, double[] ys, String color, double width, double[] dash) {
        g.setColor(Color.decode(color));
        float[] d = null;
        if (dash.length > 0) {
            d = new float[dash.length];
            for (int i = 0; i < dash.length; i++) {
                d[i] = (float) dash[i];
            }
        }
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, d, 0f));
        g.draw(path(xs, ys, false));
    }

    @Override
    public void circle(double x, double y, double r, String color) {
        g.setColor(Color.decode(color));
        g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
    }

    @Override
    public void text(double x, double y, String text, double size, Anchor anchor, boolean vertical, String color) {
        g.setColor(Color.decode(color));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(size)));
        FontMetrics m = g.getFontMetrics();
        int w = m.stringWidth(text);
        double shift = anchor == Anchor.START ? 0 : anchor == Anchor.MIDDLE ? -w / 2.0 : -w;
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        if (vertical) {
            g.rotate(-Math.PI / 2);
        }
        g.drawString(text, (float) shift, 0f);
        g.setTransform(saved);
    }

    private static Path2D path(double[] xs, double[] ys, boolean closed) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        if (closed) {
            p.closePath();
        }
        return p;
    }
}
