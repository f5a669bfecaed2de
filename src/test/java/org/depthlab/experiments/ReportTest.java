package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.depthlab.BadInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a report holds: every table says how the budget was matched, every figure is there twice. */
class ReportTest {

    @TempDir
    static Path dir;

    static Plan plan;

    @BeforeAll
    static void sweep() {
        plan = Plan.resolve(LabTesting.tiny(dir.resolve("specs")), Spec.Scale.REAL, dir.resolve("lab"));
        new Sweep(plan, new RunExecutor(), System::nanoTime).run(plan.runs(), new Sweep.Listener() { });
    }

    @Test
    void theReportHasTheTablesTheBudgetAndEveryFigureAsSvgAndPng() throws IOException {
        Path out = dir.resolve("book");
        Report.Written w = Report.collect(plan, List.of()).write(out, false);
        String md = Files.readString(w.markdown());
        assertTrue(md.contains("**Budget.** Equal training FLOPs:"), md);
        assertTrue(md.contains("Matched: equal training FLOPs."), md);
        assertTrue(md.contains("| looped |"), md);
        assertFalse(md.contains("looped (looped)"), "a model named as its kind is not named twice");
        assertTrue(md.contains("| decoder | backtrack (budget 100000) |"), md);
        assertTrue(md.contains("The CSP solver (forward checking, fewest values first) solves 100.0% of the 6 held-out"),
                md);
        JsonNode json = new ObjectMapper().readTree(w.json().toFile());
        assertEquals(6, json.get("runsFinished").asInt());
        assertEquals("flops", json.get("match").asText());
        List<String> names = Report.collect(plan, List.of()).figures().stream().map(Figure::name).toList();
        assertEquals(List.of("learning-updates", "learning-flops", "cells-updates", "cells-flops", "segments", "beam",
                "search-budget", "difficulty", "depth", "depth-cells"), names);
        assertEquals(2 * names.size(), w.figures().size());
        for (String n : names) {
            String svg = Files.readString(out.resolve("figures/tiny-" + n + ".svg"));
            assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), n);
            assertTrue(svg.contains("(%)</text>"), n + ": the y axis says its unit");
            BufferedImage png = ImageIO.read(out.resolve("figures/tiny-" + n + ".png").toFile());
            assertEquals(2 * Plot.WIDTH, png.getWidth());
            assertTrue(md.contains("(../figures/tiny-" + n + ".svg)"), n + " is linked from the Markdown");
        }
        assertEquals(names.size(), json.get("figures").size());
        JsonNode series = json.get("figures").get(4).get("series").get(0);
        assertEquals(2, series.get("seeds").asInt(), "the segments curve averages both seeds");
        assertEquals(4, series.get("x").size(), "up to twice the 2 segments the looped model trained with");
    }

    @Test
    void aReportFromFewerRunsDoesNotReplaceOneFromMore() throws IOException {
        Path out = dir.resolve("guarded");
        Report.collect(plan, List.of()).write(out, false);
        Path moved = dir.resolve("elsewhere");
        Files.createDirectories(moved);
        Plan.Run one = plan.runs().get(0);
        Files.move(plan.folder(one), moved.resolve(one.folderName()));
        try {
            Report partial = Report.collect(plan, List.of());
            assertEquals(List.of(one.id()), partial.missing());
            BadInputException e = assertThrows(BadInputException.class, () -> partial.write(out, false));
            assertTrue(e.getMessage().endsWith("was made from 6 runs and this report has only 5; pass --force to replace"
                    + " it."), e.getMessage());
            assertTrue(Files.readString(partial.write(out, true).markdown()).contains("**Not finished yet** (1 runs): "
                    + one.id()));
            assertEquals(6, Report.collect(plan, List.of(moved)).finished(), "--from finds the moved run");
        } finally {
            Files.move(moved.resolve(one.folderName()), plan.folder(one));
        }
    }
}
