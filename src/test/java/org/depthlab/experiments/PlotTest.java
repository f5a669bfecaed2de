package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertEquals(List.of(0.0, 20.0, 40.0, 60.0, 80.0, 100.0), Plot.niceTicks(0, 100, 6));
        assertEquals(List.of(0.0, 500.0, 1000.0, 1500.0), Plot.niceTicks(0, 1500, 5));
        assertEquals("2.50e12", Plot.tickLabel(2.5e12));
    }
}
