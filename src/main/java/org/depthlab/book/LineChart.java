package org.depthlab.book;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart written as SVG by hand: axes with ticks and labels, one polyline with
 * markers per series, a legend, and a title. It exists so that the book's figures are plain
 * text files that regenerate byte for byte from a command (the numbers are formatted with a
 * fixed locale and precision), and so that a figure reads without colour alone — every series
 * has its own marker shape and dash pattern as well as its colour.
 *
 * @param title  the chart's title (also the SVG's accessible name)
 * @param xLabel the horizontal axis, with its unit
 * @param yLabel the vertical axis, with its unit
 * @param logY   whether the vertical axis is log10 (values must be positive)
 * @param series the lines
 */
public record LineChart(String title, String xLabel, String yLabel, boolean logY, List<Series> series) {

    /** One line: its name in the legend and its points (x ascending). */
    public record Series(String name, double[] x, double[] y) {
    }

    private static final int WIDTH = 640;
    private static final int PLOT_HEIGHT = 400;
    private static final int LEFT = 78;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 58;
    private static final String[] COLOURS = {"#1f5fa8", "#b35900", "#1a7a1a", "#8a1f8a", "#555555"};
    private static final String[] DASHES = {"", "6 4", "2 3", "10 3 2 3", "1 5"};

    public LineChart {
        series = List.copyOf(series);
    }

    /** The chart as a standalone SVG document; the legend sits under the plot, one line per series. */
    public String svg() {
        final int height = PLOT_HEIGHT + 18 * series.size() + 6;
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                xMin = Math.min(xMin, s.x()[i]);
                xMax = Math.max(xMax, s.x()[i]);
                double y = yValue(s.y()[i]);
                yMin = Math.min(yMin, y);
                yMax = Math.max(yMax, y);
            }
        }
        if (!logY) {
            yMin = Math.min(0, yMin);
        } else {
            yMin = Math.floor(yMin);
            yMax = Math.ceil(yMax);
        }
        if (yMax <= yMin) {
            yMax = yMin + 1;
        }
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        double[] yTicks = logY ? integerTicks(yMin, yMax) : niceTicks(yMin, yMax);
        yMax = Math.max(yMax, yTicks[yTicks.length - 1]);
        double[] xTicks = niceTicks(xMin, xMax);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"title\" font-family=\"sans-serif\" font-size=\"13\">%n",
                WIDTH, height, WIDTH, height));
        b.append("<title id=\"title\">").append(escape(title)).append("</title>\n");
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                WIDTH / 2, escape(title)));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = PLOT_HEIGHT - TOP - BOTTOM;
        for (double t : yTicks) {
            double py = TOP + plotH - (t - yMin) / (yMax - yMin) * plotH;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dddddd\"/>%n",
                    LEFT, py, LEFT + plotW, py));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 6, py + 4, logY ? power(t) : number(t)));
        }
        for (double t : xTicks) {
            double px = LEFT + (t - xMin) / (xMax - xMin) * plotW;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333333\"/>%n",
                    px, TOP + plotH, px, TOP + plotH + 5));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    px, TOP + plotH + 19, number(t)));
        }
        b.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"#333333\"/>%n",
                LEFT, TOP, TOP + plotH, LEFT + plotW));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotW / 2, PLOT_HEIGHT - 14, escape(xLabel)));
        b.append(String.format(Locale.ROOT, "<text transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                TOP + plotH / 2, escape(yLabel + (logY ? " (log scale)" : ""))));
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            String colour = COLOURS[si % COLOURS.length];
            StringBuilder points = new StringBuilder();
            List<double[]> marks = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                double px = LEFT + (s.x()[i] - xMin) / (xMax - xMin) * plotW;
                double py = TOP + plotH - (yValue(s.y()[i]) - yMin) / (yMax - yMin) * plotH;
                points.append(String.format(Locale.ROOT, "%s%.1f %.1f", i == 0 ? "" : " ", px, py));
                marks.add(new double[] {px, py});
            }
            String dash = DASHES[si % DASHES.length];
            b.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    points, colour, dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\""));
            for (double[] m : marks) {
                b.append(marker(si, m[0], m[1], colour));
            }
            double ly = PLOT_HEIGHT + 6 + 18 * si;
            double lx = LEFT;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    lx, ly, lx + 28, ly, colour, dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\""));
            b.append(marker(si, lx + 14, ly, colour));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", lx + 36, ly + 4, escape(s.name())));
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private double yValue(double y) {
        if (!logY) {
            return y;
        }
        if (!(y > 0)) {
            throw new IllegalArgumentException("a log-scale chart needs positive values, got " + y);
        }
        return Math.log10(y);
    }

    private static String marker(int series, double x, double y, String colour) {
        return switch (series % 4) {
            case 0 -> String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n", x, y, colour);
            case 1 -> String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"%s\"/>%n",
                    x - 3.5, y - 3.5, colour);
            case 2 -> String.format(Locale.ROOT, "<path d=\"M%.1f %.1f l4 7 h-8 z\" fill=\"%s\"/>%n", x, y - 4.5, colour);
            default -> String.format(Locale.ROOT, "<path d=\"M%.1f %.1f l4.5 4.5 l-4.5 4.5 l-4.5 -4.5 z\" fill=\"%s\"/>%n",
                    x, y - 4.5, colour);
        };
    }

    /** About six round ticks from lo to at least hi: steps of 1, 2 or 5 times a power of ten. */
    static double[] niceTicks(double lo, double hi) {
        double raw = (hi - lo) / 6;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / power <= 1 ? power : raw / power <= 2 ? 2 * power : raw / power <= 5 ? 5 * power : 10 * power;
        double first = Math.ceil(lo / step - 1e-9) * step;
        List<Double> ticks = new ArrayList<>();
        for (double t = first; t <= hi + step - 1e-9 && ticks.size() < 20; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
            if (t >= hi - 1e-9) {
                break;
            }
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] integerTicks(double lo, double hi) {
        int from = (int) Math.floor(lo);
        int to = (int) Math.ceil(hi);
        int step = Math.max(1, (to - from) / 6);
        List<Double> ticks = new ArrayList<>();
        for (int t = from; t <= to; t += step) {
            ticks.add((double) t);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String power(double exponent) {
        return "1e" + (long) exponent;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
