package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The studies' committed results agree with themselves: the report in book/results/NAME.md and
 * every figure in book/figures/NAME-*.svg are what the committed results JSON gives today, byte
 * for byte — so the chapters' tables and figures cannot drift from the numbers measured.
 */
class StudyResultsTest {

    private static final Path BOOK = Path.of("book");

    @Test
    void theConsolidationReportAndFiguresAreWhatItsResultsGive() throws Exception {
        ConsolidationStudy.Results r = Studies.read(Studies.resultsFile(BOOK, ConsolidationStudy.NAME),
                ConsolidationStudy.Results.class);
        assertEquals("real", r.scale());
        check(ConsolidationStudy.NAME, ConsolidationStudy.report(r), ConsolidationStudy.figures(r));
    }

    @Test
    void theModularityReportAndFiguresAreWhatItsResultsGive() throws Exception {
        ModularityStudy.Results r = Studies.read(Studies.resultsFile(BOOK, ModularityStudy.NAME),
                ModularityStudy.Results.class);
        assertEquals("real", r.scale());
        check(ModularityStudy.NAME, ModularityStudy.report(r), ModularityStudy.figures(r));
    }

    private static void check(String name, String report, List<Studies.Figure> figures) throws Exception {
        assertEquals(Files.readString(BOOK.resolve("results").resolve(name + ".md")), report,
                "book/results/" + name + ".md is not the report of its results");
        assertTrue(!figures.isEmpty());
        for (Studies.Figure f : figures) {
            assertEquals(Files.readString(BOOK.resolve("figures").resolve(f.file())), f.svg(),
                    "book/figures/" + f.file() + " is not what its results draw");
        }
    }
}
