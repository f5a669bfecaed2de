package org.depthlab.experiments;

import java.util.List;

/**
 * A figure as data: what {@code book/results/<name>.json} keeps of it, and what {@link Plot}
 * draws. Every series is the mean over seeds with the min–max band around it (a single seed
 * has a band of width zero).
 *
 * @param name       the file name's suffix: {@code <experiment>-<name>.svg}
 * @param title      one line above the plot
 * @param xLabel     the x axis, with its unit
 * @param yLabel     the y axis, with its unit
 * @param xScale     how x is drawn
 * @param categories the x labels when {@code xScale} is CATEGORY (x = 0, 1, 2, …)
 * @param yMin       the y axis' bottom
 * @param yMax       the y axis' top
 * @param series     the curves
 * @param marks      vertical lines to mark (e.g. the segments trained with)
 * @param caption    one sentence under the figure in the report: what is plotted and how
 */
public record Figure(String name, String title, String xLabel, String yLabel, Scale xScale, List<String> categories,
                     double yMin, double yMax, List<Series> series, List<Mark> marks, String caption) {

    public Figure {
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        marks = List.copyOf(marks);
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
     * @param seeds how many seeds the curve averages
     */
    public record Series(String label, double[] x, double[] mean, double[] min, double[] max, int seeds) {
        public Series {
            if (x.length != mean.length || x.length != min.length || x.length != max.length) {
                throw new IllegalArgumentException("a series needs as many means, minima and maxima as x values");
            }
        }
    }

    /** A vertical line at {@code x} with a label. */
    public record Mark(double x, String label) {
    }
}
