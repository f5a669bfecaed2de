package org.depthlab.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws a {@link Figure}: axes with ticks and labelled units (linear, log or categories), every
 * series as its mean line with markers over a shaded min–max band, a legend, marked x values.
 * The drawing goes to a {@link Canvas}, so the same layout gives the SVG the book and the site
 * show ({@link SvgCanvas}) and the PNG beside it ({@link PngCanvas}). The lab's figures and the
 * book's measured ones ({@code book figure}) are both drawn here.
 *
 * <p>Colours are the Okabe–Ito palette, which stays distinguishable with the common colour
 * vision deficiencies; each series also has its own dash pattern and marker shape, so a grey
 * print still tells them apart, and two series on the same values stay two.
 */
public final class Plot {

    /** Width and height of every figure, in pixels. */
    public static final int WIDTH = 760;
    public static final int HEIGHT = 460;

    static final String[] COLORS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
        "#8C6D00"};
    static final double[][] DASHES = {{}, {7, 4}, {2, 3}, {9, 3, 2, 3}, {4, 2}, {12, 4}, {1, 2}, {6, 2, 2, 2}};
    private static final String AXIS = "#333333";
    private static final String GRID = "#DDDDDD";
    private static final double FONT = 12;
    /** The widest legend, in pixels; a longer label wraps onto more lines. */
    private static final double LEGEND = 260;
    /** Roughly the width of one character of the legend, in pixels. */
    private static final double CHAR = FONT * 0.58;

    /** The shape of a series' markers, by series: the colour is not the only difference. */
    enum Marker { CIRCLE, SQUARE, TRIANGLE, DIAMOND }

    /** What a figure is drawn on: pixel coordinates, y down. */
    public interface Canvas {
        /** Where text is anchored. */
        enum Anchor { START, MIDDLE, END }

        void polygon(double[] xs, double[] ys, String color, double opacity);

        void polyline(double[] xs, double[] ys, String color, double width, double[] dash);

        void circle(double x, double y, double r, String color);

        void text(double x, double y, String text, double size, Anchor anchor, boolean vertical, String color);
    }

    private final Figure f;
    private final double left;
    private final double right;
    private final double top = 44;
    private final double bottom;
    private final double x0;
    private final double x1;

    private Plot(Figure figure) {
        this.f = figure;
        int longest = 24; // the legend's note, "band: min–max over seeds"
        for (Figure.Series s : figure.series()) {
            for (String line : legendLines(s.label())) {
                longest = Math.max(longest, line.length());
            }
        }
        double legend = Math.min(LEGEND, 44 + longest * CHAR);
        this.left = 68;
        this.right = WIDTH - legend - 12;
        this.bottom = HEIGHT - 58;
        double[] range = xRange(figure);
        this.x0 = range[0];
        this.x1 = range[1];
    }

    /** Draws {@code figure} on {@code canvas}. */
    public static void draw(Figure figure, Canvas canvas) {
        new Plot(figure).draw(canvas);
    }

    private void draw(Canvas c) {
        c.text(WIDTH / 2.0, 24, f.title(), 15, Canvas.Anchor.MIDDLE, false, AXIS);
        // Grid and ticks.
        List<Double> yTicks = yTicks();
        List<String> yLabels = Ticks.labels(yTicks, f.yScale());
        for (int i = 0; i < yTicks.size(); i++) {
            double py = py(yTicks.get(i));
            c.polyline(new double[] {left, right}, new double[] {py, py}, GRID, 1, new double[0]);
            c.text(left - 6, py + 4, yLabels.get(i), FONT - 1, Canvas.Anchor.END, false, AXIS);
        }
        List<Double> xTicks = xTicks();
        List<String> xLabels = f.xScale() == Figure.Scale.CATEGORY ? f.categories() : Ticks.labels(xTicks, f.xScale());
        for (int i = 0; i < xTicks.size(); i++) {
            double px = px(xTicks.get(i));
            c.polyline(new double[] {px, px}, new double[] {top, bottom}, GRID, 1, new double[0]);
            c.text(px, bottom + 16, xLabels.get(i), FONT - 1, Canvas.Anchor.MIDDLE, false, AXIS);
        }
        c.polyline(new double[] {left, left, right}, new double[] {top, bottom, bottom}, AXIS, 1.2, new double[0]);
        c.text((left + right) / 2, bottom + 40, f.xLabel(), FONT, Canvas.Anchor.MIDDLE, false, AXIS);
        c.text(18, (top + bottom) / 2, f.yLabel(), FONT, Canvas.Anchor.MIDDLE, true, AXIS);

        for (Figure.Mark m : f.marks()) {
            double px = px(m.x());
            if (px >= left - 0.5 && px <= right + 0.5) {
                c.polyline(new double[] {px, px}, new double[] {top, bottom}, "#777777", 1.2, new double[] {3, 3});
                c.text(px + 4, top + 12, m.label(), FONT - 2, Canvas.Anchor.START, false, "#555555");
            }
        }

        for (int i = 0; i < f.series().size(); i++) {
            drawSeries(c, f.series().get(i), COLORS[i % COLORS.length], dash(i), marker(i));
        }
        drawLegend(c);
    }

    private void drawSeries(Canvas c, Figure.Series s, String color, double[] dash, Marker marker) {
        List<double[]> pts = new ArrayList<>();
        boolean band = false;
        for (int i = 0; i < s.x().length; i++) {
            if (Double.isFinite(s.x()[i]) && Double.isFinite(s.mean()[i]) && inX(s.x()[i]) && inY(s.mean()[i])
                    && inY(s.min()[i])) {
                pts.add(new double[] {px(s.x()[i]), py(s.mean()[i]), py(s.min()[i]), py(s.max()[i])});
                band |= s.min()[i] != s.max()[i];
            }
        }
        if (pts.isEmpty()) {
            return;
        }
        int n = pts.size();
        if (n > 1 && band) {
            double[] bx = new double[2 * n];
            double[] by = new double[2 * n];
            for (int i = 0; i < n; i++) {
                bx[i] = pts.get(i)[0];
                by[i] = pts.get(i)[3];
                bx[2 * n - 1 - i] = pts.get(i)[0];
                by[2 * n - 1 - i] = pts.get(i)[2];
            }
            c.polygon(bx, by, color, 0.18);
        }
        double[] lx = new double[n];
        double[] ly = new double[n];
        for (int i = 0; i < n; i++) {
            lx[i] = pts.get(i)[0];
            ly[i] = pts.get(i)[1];
            if (pts.get(i)[2] != pts.get(i)[3] && (n == 1 || s.x().length <= 12)) {
                // Few points: whiskers show the band at each one too.
                c.polyline(new double[] {lx[i], lx[i]}, new double[] {pts.get(i)[2], pts.get(i)[3]}, color, 1.2,
                        new double[0]);
            }
        }
        if (n > 1) {
            c.polyline(lx, ly, color, 2, dash);
        }
        if (s.x().length <= 40) {
            for (int i = 0; i < n; i++) {
                drawMarker(c, marker, lx[i], ly[i], color);
            }
        }
    }

    private void drawLegend(Canvas c) {
        double x = right + 16;
        double y = top + 6;
        for (int i = 0; i < f.series().size(); i++) {
            String color = COLORS[i % COLORS.length];
            c.polyline(new double[] {x, x + 26}, new double[] {y, y}, color, 2, dash(i));
            drawMarker(c, marker(i), x + 13, y, color);
            List<String> lines = legendLines(f.series().get(i).label());
            for (int k = 0; k < lines.size(); k++) {
                c.text(x + 32, y + 4 + 14 * k, lines.get(k), FONT - 1, Canvas.Anchor.START, false, AXIS);
            }
            y += 18 + 14 * (lines.size() - 1);
        }
        int seeds = f.series().stream().mapToInt(Figure.Series::seeds).max().orElse(1);
        if (seeds > 0) {
            c.text(x, y + 8, seeds > 1 ? "line: mean of " + seeds + " seeds" : "one seed", FONT - 2,
                    Canvas.Anchor.START, false, "#555555");
        }
        if (seeds > 1) {
            c.text(x, y + 22, "band: min–max over seeds", FONT - 2, Canvas.Anchor.START, false, "#555555");
        }
    }

    /** A legend label in lines that fit the widest legend, broken between words. */
    static List<String> legendLines(String label) {
        int most = (int) ((LEGEND - 44) / CHAR);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : label.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > most) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /** Series i's dash pattern: shifted once the colours repeat, so no two of the first 64 series look alike. */
    private static double[] dash(int i) {
        return DASHES[(i + i / COLORS.length) % DASHES.length];
    }

    /** Series i's marker shape. */
    static Marker marker(int i) {
        return Marker.values()[i % Marker.values().length];
    }

    /** A filled marker of about the same area whatever its shape, centred on (x, y). */
    private static void drawMarker(Canvas c, Marker marker, double x, double y, String color) {
        switch (marker) {
            case CIRCLE -> c.circle(x, y, 3.2, color);
            case SQUARE -> c.polygon(new double[] {x - 2.9, x + 2.9, x + 2.9, x - 2.9},
                    new double[] {y - 2.9, y - 2.9, y + 2.9, y + 2.9}, color, 1);
            case TRIANGLE -> c.polygon(new double[] {x, x + 4.2, x - 4.2}, new double[] {y - 4.4, y + 3, y + 3}, color, 1);
            case DIAMOND -> c.polygon(new double[] {x, x + 4, x, x - 4}, new double[] {y - 4, y, y + 4, y}, color, 1);
        }
    }

    // ------------------------------------------------------------------ scales

    private boolean inX(double x) {
        return f.xScale() == Figure.Scale.LINEAR || f.xScale() == Figure.Scale.CATEGORY || x > 0;
    }

    private boolean inY(double y) {
        return f.yScale() == Figure.Scale.LINEAR || y > 0;
    }

    /** Where a value lies along an axis of the given scale, before it is stretched to pixels. */
    private static double along(Figure.Scale scale, double v) {
        switch (scale) {
            case LOG2: return Math.log(v) / Math.log(2);
            case LOG10: return Math.log10(v);
            default: return v;
        }
    }

    private double px(double x) {
        Figure.Scale s = f.xScale();
        return left + (along(s, x) - along(s, x0)) / (along(s, x1) - along(s, x0)) * (right - left);
    }

    private double py(double y) {
        Figure.Scale s = f.yScale();
        return bottom - (along(s, y) - along(s, f.yMin())) / (along(s, f.yMax()) - along(s, f.yMin())) * (bottom - top);
    }

    private static double[] xRange(Figure f) {
        if (f.xScale() == Figure.Scale.CATEGORY) {
            return new double[] {-0.5, Math.max(0.5, f.categories().size() - 0.5)};
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Figure.Series s : f.series()) {
            for (double x : s.x()) {
                if (Double.isFinite(x) && (f.xScale() == Figure.Scale.LINEAR || x > 0)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        for (Figure.Mark m : f.marks()) {
            lo = Math.min(lo, m.x());
            hi = Math.max(hi, m.x());
        }
        if (!Double.isFinite(lo)) {
            lo = f.xScale() == Figure.Scale.LINEAR ? 0 : 1;
            hi = lo + 1;
        }
        switch (f.xScale()) {
            case LOG2: return new double[] {Math.pow(2, Math.floor(log2(lo))), Math.pow(2, Math.max(Math.ceil(log2(hi)),
                    Math.floor(log2(lo)) + 1))};
            case LOG10: return new double[] {Math.pow(10, Math.floor(Math.log10(lo))),
                Math.pow(10, Math.max(Math.ceil(Math.log10(hi)), Math.floor(Math.log10(lo)) + 1))};
            default:
                if (hi - lo < 1e-12) {
                    return new double[] {lo - 1, hi + 1};
                }
                return new double[] {Math.min(lo, 0), hi};
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private List<Double> xTicks() {
        List<Double> out = new ArrayList<>();
        switch (f.xScale()) {
            case CATEGORY:
                for (int i = 0; i < f.categories().size(); i++) {
                    out.add((double) i);
                }
                return out;
            case LOG2:
                for (double v = x0; v <= x1 * 1.0001; v *= 2) {
                    out.add(v);
                }
                return out;
            case LOG10:
                return Ticks.powersOfTen(x0, x1, 1);
            default:
                boolean whole = f.series().stream().flatMapToDouble(s -> Arrays.stream(s.x()))
                        .allMatch(x -> x == Math.rint(x));
                return Ticks.niceTicks(x0, x1, 7, whole);
        }
    }

    private List<Double> yTicks() {
        if (f.yScale() == Figure.Scale.LOG10) {
            long decades = Math.round(Math.log10(f.yMax()) - Math.log10(f.yMin()));
            return Ticks.powersOfTen(f.yMin(), f.yMax(), Math.max(1, decades / 6));
        }
        return Ticks.niceTicks(f.yMin(), f.yMax(), 6);
    }
}
