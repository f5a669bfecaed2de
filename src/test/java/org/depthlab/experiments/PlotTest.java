package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Figures: bands are min–max over seeds, curves of seeds meet on one grid, the SVG is plain and stable. */
class PlotTest {

    private static Figure figure(Figure.Series... series) {
        return new Figure("f", "A <title> & more", "updates (count)", "exact (%)", Figure.Scale.LINEAR, List.of(), 0, 100,
                List.of(series), List.of(new Figure.Mark(2, "trained: 2")), "A caption.");
    }

    @Test
    void seedsEvaluatedAtDifferentUpdatesMeetOnTheirCommonRange() {
        double[][] a = {{0, 10, 20}, {0, 50, 100}};
        double[][] b = {{5, 15, 30}, {10, 30, 50}};
        Figure.Series s = Figures.across("m", List.of(a, b));
        assertArrayEquals(new double[] {5, 10, 15, 20}, s.x());
        // a at 5 is 25, b at 10 is 20, a at 15 is 75, b at 20 is 36.666…
        assertArrayEquals(new double[] {17.5, 35, 52.5, (100 + 110.0 / 3) / 2}, s.mean(), 1e-12);
        assertArrayEquals(new double[] {10, 20, 30, 110.0 / 3}, s.min(), 1e-12);
        assertArrayEquals(new double[] {25, 50, 75, 100}, s.max(), 1e-12);
        assertEquals(2, s.seeds());
    }

    @Test
    void aBandIsDrawnWhereSeedsDisagreeAndNotForOneSeed() {
        double[] x = {1, 2, 3};
        String two = SvgCanvas.render(figure(new Figure.Series("two seeds", x, new double[] {10, 20, 30},
                new double[] {5, 15, 25}, new double[] {15, 25, 35}, 2)));
        assertTrue(two.contains("fill-opacity=\"0.18\""), "the min–max band");
        assertTrue(two.contains("band: min–max over seeds"));
        String one = SvgCanvas.render(figure(new Figure.Series("one seed", x, new double[] {10, 20, 30},
                new double[] {10, 20, 30}, new double[] {10, 20, 30}, 1)));
        assertTrue(one.contains("one seed</text>"));
        assertFalse(one.contains("band: min–max"));
    }

    @Test
    void theSvgIsEscapedSelfContainedAndTheSameEveryTime() {
        Figure f = figure(new Figure.Series("a & b", new double[] {1, 4}, new double[] {0, 100}, new double[] {0, 90},
                new double[] {0, 100}, 2));
        String svg = SvgCanvas.render(f);
        assertEquals(svg, SvgCanvas.render(f));
        assertTrue(svg.contains("<title>A &lt;title&gt; &amp; more</title>"), svg);
        assertTrue(svg.contains(">a &amp; b</text>"));
        assertTrue(svg.contains(">updates (count)</text>") && svg.contains(">exact (%)</text>"), "axes with units");
        assertTrue(svg.contains(">trained: 2</text>"));
        assertFalse(svg.contains("<script") || svg.contains("href"), "nothing the site's policy would block");
    }

    @Test
    void ticksAreRoundNumbers() {
        assertEquals(List.of(0.0, 20.0, 40.0, 60.0, 80.0, 100.0), Ticks.niceTicks(0, 100, 6));
        assertEquals(List.of(0.0, 500.0, 1000.0, 1500.0), Ticks.niceTicks(0, 1500, 5));
        assertEquals("2.50e12", Ticks.label(2.5e12));
        assertEquals(List.of(0.0, 5.0, 10.0, 15.0), Ticks.niceTicks(0, 15, 7, true), "no tick at 2.5 on an axis of counts");
        assertEquals(List.of(0.0, 2.5, 5.0, 7.5, 10.0, 12.5, 15.0), Ticks.niceTicks(0, 15, 7, false));
        assertEquals(List.of("0", "50,000", "100,000"), Ticks.labels(List.of(0.0, 5e4, 1e5), Figure.Scale.LINEAR),
                "one style for one axis");
        assertEquals(List.of("1e-6", "1e-3", "1e0"), Ticks.labels(List.of(1e-6, 1e-3, 1.0), Figure.Scale.LOG10));
        assertEquals(List.of("0.01", "1", "100"), Ticks.labels(List.of(0.01, 1.0, 100.0), Figure.Scale.LOG10));
        assertArrayEquals(new double[] {0, 25}, Ticks.range(2, 24, Figure.Scale.LINEAR), "up to a round tick");
        assertArrayEquals(new double[] {1e-12, 10}, Ticks.range(3e-12, 4.45, Figure.Scale.LOG10), "whole decades");
    }

    /** A log axis spaces decades evenly, and a value it cannot show is left out rather than drawn at infinity. */
    @Test
    void aLogAxisDrawsDecadesEvenlyAndRefusesWhatItCannotShow() {
        Figure.Series s = Figure.Series.measured("distance", new double[] {0, 1, 2, 3}, new double[] {1, 0.1, 0.01, 0});
        Figure f = new Figure("f", "t", "step", "distance", Figure.Scale.LINEAR, Figure.Scale.LOG10, List.of(), 1e-3, 1,
                List.of(s), List.of(), "c");
        String svg = SvgCanvas.render(f);
        for (String tick : new String[] {">1e-3</text>", ">1e-2</text>", ">1e-1</text>", ">1e0</text>"}) {
            assertTrue(svg.contains(tick), tick);
        }
        List<Double> ys = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<circle cx=\"[0-9.]+\" cy=\"([0-9.]+)\"").matcher(svg);
        while (m.find()) {
            ys.add(Double.parseDouble(m.group(1)));
        }
        assertEquals(3 + 1, ys.size(), "three points and the legend's marker; the 0 is left out");
        assertFalse(svg.contains("Infinity") || svg.contains("NaN"), "nothing drawn at infinity");
        assertEquals(ys.get(1) - ys.get(0), ys.get(2) - ys.get(1), 0.011, "a decade is a decade");
        assertThrows(IllegalArgumentException.class, () -> new Figure("f", "t", "x", "y", Figure.Scale.LINEAR,
                Figure.Scale.LOG10, List.of(), 0, 1, List.of(s), List.of(), "c"), "a log axis from 0");
    }

    /** Measured series: each has its own marker shape, no band, no seed note; a long label wraps. */
    @Test
    void measuredSeriesHaveTheirOwnMarkersAndNoSeedNote() {
        double[] x = {1, 2};
        List<Figure.Series> series = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            series.add(Figure.Series.measured("series " + i + (i == 3 ? " whose label is much too long for one line" : ""),
                    x, new double[] {i, i}));
        }
        String svg = SvgCanvas.render(new Figure("f", "t", "x", "y", Figure.Scale.LINEAR, List.of(), 0, 4, series,
                List.of(), "c"));
        assertEquals(2 + 1, svg.split("<circle ", -1).length - 1, "circles for series 0 only, legend included");
        assertEquals(3 * 3, svg.split("fill-opacity=\"1.00\"", -1).length - 1, "squares, triangles, diamonds");
        assertFalse(svg.contains("fill-opacity=\"0.18\""), "no band where min = max");
        assertFalse(svg.contains("seed"), "no seed note for measured values");
        assertEquals(List.of("series 3 whose label is much", "too long for one line"),
                Plot.legendLines(series.get(3).label()));
    }
}
