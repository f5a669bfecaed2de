package org.depthlab.experiments;

import java.util.List;

/**
 * A figure as data: what {@code book/results/<name>.json} keeps of it, and what {@link Plot}
 * draws. Every series is the mean over seeds with the min–max band around it (a single seed
 * has a band of width zero); the book's measured figures ({@code book figure}) draw exact
 * counts the same way, as series of no seeds ({@link Series#measured}).
 *
 * @param name       the file name's suffix: {@code <experiment>-<name>.svg}
 * @param title      one line above the plot
 * @param xLabel     the x axis, with its unit
 * @param yLabel     the y axis, with its unit
 * @param xScale     how x is drawn
 * @param yScale     how y is drawn: LINEAR, or LOG10 for values over many orders of magnitude
 * @param categories the x labels when {@code xScale} is CATEGORY (x = 0, 1, 2, …)
 * @param yMin       the y axis' bottom
 * @param yMax       the y axis' top
 * @param series     the curves
 * @param marks      vertical lines to mark (e.g. the segments trained with)
 * @param caption    one sentence under the figure in the report: what is plotted and how
 */
public record Figure(String name, String title, String xLabel, String yLabel, Scale xScale, Scale yScale,
                     List<String> categories, double yMin, double yMax, List<Series> series, List<Mark> marks,
                     String caption) {

    public Figure {
        if (yScale != Scale.LINEAR && yScale != Scale.LOG10) {
            throw new IllegalArgumentException("the y axis is linear or log10, not " + yScale);
        }
        if (yScale == Scale.LOG10 && !(yMin > 0 && yMax > yMin)) {
            throw new IllegalArgumentException("a log10 y axis needs 0 < yMin < yMax, not " + yMin + " and " + yMax);
        }
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        marks = List.copyOf(marks);
    }

    /** A figure with a linear y axis, as every figure of the lab has. */
    public Figure(String name, String title, String xLabel, String yLabel, Scale xScale, List<String> categories,
                  double yMin, double yMax, List<Series> series, List<Mark> marks, String caption) {
        this(name, title, xLabel, yLabel, xScale, Scale.LINEAR, categories, yMin, yMax, series, marks, caption);
    }

    /** How the x axis maps values. */
    public enum Scale {
        /** Evenly spaced values. */
        LINEAR,
        /** Powers of two evenly spaced (widths, depths). */
        LOG2,
        /** Powers of ten evenly spaced (budgets). */
        LOG10,
        /** Named positions 0, 1, 2, … (difficulty buckets). */
        CATEGORY
    }

    /**
     * One curve: at every x, the mean over seeds and the least and largest value.
     *
     * @param seeds how many seeds the curve averages; 0 for values counted or computed rather
     *              than trained, which no seed changes
     */
    public record Series(String label, double[] x, double[] mean, double[] min, double[] max, int seeds) {
        public Series {
            if (x.length != mean.length || x.length != min.length || x.length != max.length) {
                throw new IllegalArgumentException("a series needs as many means, minima and maxima as x values");
            }
        }

        /** A curve of exact values (a count, a formula): no band, and no seeds. */
        public static Series measured(String label, double[] x, double[] y) {
            return new Series(label, x, y, y, y, 0);
        }
    }

    /** A vertical line at {@code x} with a label. */
    public record Mark(double x, String label) {
    }
}
