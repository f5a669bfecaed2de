package org.depthlab.experiments;

import java.util.Locale;

/**
 * A {@link Plot.Canvas} that writes SVG 1.1 text: the book's and the site's figures. The
 * output is plain, self-contained markup (no scripts, no external references), with a
 * {@code <title>} and {@code <desc>} for screen readers, and every number written with two
 * decimals, so the same figure gives the same bytes.
 */
public final class SvgCanvas implements Plot.Canvas {

    private final StringBuilder body = new StringBuilder();

    /** The whole figure as an SVG document. */
    public static String render(Figure figure) {
        SvgCanvas c = new SvgCanvas();
        Plot.draw(figure, c);
        return c.document(figure.title(), figure.caption());
    }

    private String document(String title, String description) {
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\">%n"
                + "<title>%s</title>%n<desc>%s</desc>%n<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>%n%s</svg>%n",
                Plot.WIDTH, Plot.HEIGHT, Plot.WIDTH, Plot.HEIGHT, escape(title), escape(description), body);
    }

    @Override
    public void polygon(double[] xs, double[] ys, String color, double opacity) {
        body.append("<polygon points=\"").append(points(xs, ys)).append("\" fill=\"").append(color)
                .append(String.format(Locale.ROOT, "\" fill-opacity=\"%.2f\" stroke=\"none\"/>%n", opacity));
    }

    @Override
    public void polyline(double[] xs, double[] ys, String color, double width, double[] dash) {
        body.append("<polyline points=\"").append(points(xs, ys)).append("\" fill=\"none\" stroke=\"").append(color)
                .append(String.format(Locale.ROOT, "\" stroke-width=\"%.1f\" stroke-linejoin=\"round\"", width));
        if (dash.length > 0) {
            body.append(" stroke-dasharray=\"");
            for (int i = 0; i < dash.length; i++) {
                body.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%.0f", dash[i]));
            }
            body.append('"');
        }
        body.append("/>\n");
    }

    @Override
    public void circle(double x, double y, double r, String color) {
        body.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.1f\" fill=\"%s\"/>%n", x, y, r,
                color));
    }

    @Override
    public void text(double x, double y, String text, double size, Anchor anchor, boolean vertical, String color) {
        String a = anchor == Anchor.START ? "start" : anchor == Anchor.MIDDLE ? "middle" : "end";
        body.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.0f\" text-anchor=\"%s\" "
                + "fill=\"%s\"%s>%s</text>%n", x, y, size, a, color,
                vertical ? String.format(Locale.ROOT, " transform=\"rotate(-90 %.2f %.2f)\"", x, y) : "", escape(text)));
    }

    private static String points(double[] xs, double[] ys) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            b.append(i > 0 ? " " : "").append(String.format(Locale.ROOT, "%.2f,%.2f", xs[i], ys[i]));
        }
        return b.toString();
    }

    /** The five XML-special characters as entities. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
