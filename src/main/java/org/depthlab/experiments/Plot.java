package org.depthlab.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Figure}: axes with ticks and labelled units, every series as its mean line
 * with markers over a shaded min–max band, a legend, marked x values. The drawing goes to a
 * {@link Canvas}, so the same layout gives the SVG the book and the site show
 * ({@link SvgCanvas}) and the PNG beside it ({@link PngCanvas}).
 *
 * <p>Colours are the Okabe–Ito palette, which stays distinguishable with the common colour
 * vision deficiencies; each series also has its own dash pattern, so a grey print still tells
 * them apart.
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
            longest = Math.max(longest, s.label().length());
        }
        double legend = Math.min(260, 44 + longest * FONT * 0.58);
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
        for (double y : niceTicks(f.yMin(), f.yMax(), 6)) {
            double py = py(y);
            c.polyline(new double[] {left, right}, new double[] {py, py}, GRID, 1, new double[0]);
            c.text(left - 6, py + 4, tickLabel(y), FONT - 1, Canvas.Anchor.END, false, AXIS);
        }
        List<double[]> xTicks = xTicks();
        for (double[] t : xTicks) {
            double px = px(t[0]);
            c.polyline(new double[] {px, px}, new double[] {top, bottom}, GRID, 1, new double[0]);
            String label = f.xScale() == Figure.Scale.CATEGORY ? f.categories().get((int) t[0]) : tickLabel(t[0]);
            c.text(px, bottom + 16, label, FONT - 1, Canvas.Anchor.MIDDLE, false, AXIS);
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
            drawSeries(c, f.series().get(i), COLORS[i % COLORS.length], dash(i));
        }
        drawLegend(c);
    }

    private void drawSeries(Canvas c, Figure.Series s, String color, double[] dash) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < s.x().length; i++) {
            if (Double.isFinite(s.x()[i]) && Double.isFinite(s.mean()[i]) && inX(s.x()[i])) {
                pts.add(new double[] {px(s.x()[i]), py(s.mean()[i]), py(s.min()[i]), py(s.max()[i])});
            }
        }
        if (pts.isEmpty()) {
            return;
        }
        int n = pts.size();
        if (n > 1) {
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
                c.circle(lx[i], ly[i], 3.2, color);
            }
        }
    }

    private void drawLegend(Canvas c) {
        double x = right + 16;
        double y = top + 6;
        for (int i = 0; i < f.series().size(); i++) {
            String color = COLORS[i % COLORS.length];
            c.polyline(new double[] {x, x + 26}, new double[] {y, y}, color, 2, dash(i));
            c.circle(x + 13, y, 3.2, color);
            c.text(x + 32, y + 4, f.series().get(i).label(), FONT - 1, Canvas.Anchor.START, false, AXIS);
            y += 18;
        }
        int seeds = f.series().stream().mapToInt(Figure.Series::seeds).max().orElse(1);
        c.text(x, y + 8, seeds > 1 ? "line: mean of " + seeds + " seeds" : "one seed", FONT - 2, Canvas.Anchor.START,
                false, "#555555");
        if (seeds > 1) {
            c.text(x, y + 22, "band: min–max over seeds", FONT - 2, Canvas.Anchor.START, false, "#555555");
        }
    }

    /** Series i's dash pattern: shifted once the colours repeat, so no two of the first 64 series look alike. */
    private static double[] dash(int i) {
        return DASHES[(i + i / COLORS.length) % DASHES.length];
    }

    // ------------------------------------------------------------------ scales

    private boolean inX(double x) {
        return f.xScale() == Figure.Scale.LINEAR || f.xScale() == Figure.Scale.CATEGORY || x > 0;
    }

    private double tx(double x) {
        switch (f.xScale()) {
            case LOG2: return Math.log(x) / Math.log(2);
            case LOG10: return Math.log10(x);
            default: return x;
        }
    }

    private double px(double x) {
        return left + (tx(x) - tx(x0)) / (tx(x1) - tx(x0)) * (right - left);
    }

    private double py(double y) {
        return bottom - (y - f.yMin()) / (f.yMax() - f.yMin()) * (bottom - top);
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

    private List<double[]> xTicks() {
        List<double[]> out = new ArrayList<>();
        switch (f.xScale()) {
            case CATEGORY:
                for (int i = 0; i < f.categories().size(); i++) {
                    out.add(new double[] {i});
                }
                return out;
            case LOG2:
                for (double v = x0; v <= x1 * 1.0001; v *= 2) {
                    out.add(new double[] {v});
                }
                return out;
            case LOG10:
                for (double v = x0; v <= x1 * 1.0001; v *= 10) {
                    out.add(new double[] {v});
                }
                return out;
            default:
                for (double v : niceTicks(x0, x1, 7)) {
                    out.add(new double[] {v});
                }
                return out;
        }
    }

    /** Ticks at 1, 2 or 5 × a power of ten covering [lo, hi], about {@code count} of them. */
    static List<Double> niceTicks(double lo, double hi, int count) {
        double span = hi - lo;
        double raw = span / Math.max(1, count - 1);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = power;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= raw) {
                step = m * power;
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
            out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return out;
    }

    static String tickLabel(double v) {
        if (Math.abs(v) >= 1e5) {
            return Units.number(v);
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
