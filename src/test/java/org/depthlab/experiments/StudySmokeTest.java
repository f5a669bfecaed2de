package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.depthlab.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both studies of chapters 12 and 13 run end to end at smoke scale from their committed
 * settings (book/studies/): results, report and figures are written, the report can be printed
 * again from the results, and results already there are not replaced without --force.
 */
class StudySmokeTest {

    private record Run(int code, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void bothStudiesRunAtSmokeScaleAndReportAgainFromTheirResults(@TempDir Path dir) throws Exception {
        String specs = Path.of("book", "studies").toAbsolutePath().toString();
        for (String name : Studies.NAMES) {
            Run run = cli("study", "run", name, "--scale", "smoke", "--specs", specs, "--out", dir.toString());
            assertEquals(0, run.code(), run.err());
            assertTrue(Files.isRegularFile(dir.resolve("results").resolve(name + ".json")));
            String md = Files.readString(dir.resolve("results").resolve(name + ".md"));
            Run report = cli("study", "report", name, "--dir", dir.toString());
            assertEquals(0, report.code(), report.err());
            assertEquals(md, report.out(), "the report printed from the results is the one written");
            assertTrue(run.out().startsWith(md), run.out());
            try (var figures = Files.list(dir.resolve("figures"))) {
                assertTrue(figures.anyMatch(f -> f.getFileName().toString().startsWith(name + "-")
                        && f.toString().endsWith(".svg")), "a figure of " + name);
            }
            Run again = cli("study", "run", name, "--scale", "smoke", "--specs", specs, "--out", dir.toString());
            assertEquals(Main.BAD_INPUT, again.code());
            assertTrue(again.err().contains("--force"), again.err());
            // The report and figures come back, byte for byte, from the results alone.
            Files.writeString(dir.resolve("results").resolve(name + ".md"), "edited\n");
            Run unforced = cli("study", "report", name, "--dir", dir.toString(), "--write");
            assertEquals(Main.BAD_INPUT, unforced.code());
            assertEquals("edited\n", Files.readString(dir.resolve("results").resolve(name + ".md")));
            Run rewrite = cli("study", "report", name, "--dir", dir.toString(), "--write", "--force");
            assertEquals(0, rewrite.code(), rewrite.err());
            assertEquals(md, Files.readString(dir.resolve("results").resolve(name + ".md")));
        }
        assertTrue(Files.readString(dir.resolve("results/consolidation.md")).contains("| yes / no / yes |"),
                "reading and a question read tokens, a sleep pass does not");
    }

    @Test
    void theRealSettingsAreReadAndCoverWhatTheChaptersCompare() {
        Path specs = Path.of("book", "studies");
        ConsolidationStudy.Settings c = Studies.settings(specs, ConsolidationStudy.NAME, Spec.Scale.REAL,
                ConsolidationStudy.Settings.class);
        assertEquals(List.of(0, 1, 2, 4, 8), c.sleepPasses(), "chapter 12 compares N = 0, 1, 2, 4, 8");
        assertTrue(c.keptContextReads().contains(c.nodes() - c.chains()),
                "a kept context with reads enough for the deepest question (m - chains hops)");
        ModularityStudy.Settings m = Studies.settings(specs, ModularityStudy.NAME, Spec.Scale.REAL,
                ModularityStudy.Settings.class);
        assertTrue(m.seeds().size() >= 3, "chapter 13 reports a spread over seeds");
    }

    @Test
    void anUnknownStudyIsRefusedInASentence() {
        Run run = cli("study", "run", "nonsense", "--scale", "smoke");
        assertEquals(Main.BAD_INPUT, run.code());
        assertTrue(run.err().contains("there is no study 'nonsense'"), run.err());
        assertTrue(!run.err().contains("Exception"), run.err());
    }
}
