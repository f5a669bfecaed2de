package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.depthlab.cli.Main;
import org.depthlab.exercises.Verdict;
import org.depthlab.models.Trajectory;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuPuzzle;
import org.depthlab.tasks.Tokens;
import org.depthlab.train.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With --checkpoints, the Sudoku demo shows each refinement model's answer after every segment
 * and each decoder's decodings under a heading of their own, every answer drawn as a grid with
 * the givens marked, and a given that an answer writes over marked too.
 */
class ModelDemoTest {

    @TempDir
    static Path dir;
    private static Path checkpoints;
    private static String puzzle;

    private static void cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, String.join(" ", args) + "\n" + out + err);
    }

    @BeforeAll
    static void trainTinyCheckpoints() throws Exception {
        Path data = dir.resolve("data");
        cli("generate", "--task", "sudoku4", "--count", "12", "--test-count", "2", "--clues", "8", "--seed", "3",
                "--out", data.toString());
        checkpoints = dir.resolve("checkpoints");
        cli("train", "--model", "hrm", "--task", "sudoku4", "--train", data.resolve("train.txt").toString(), "--test",
                data.resolve("test.txt").toString(), "--out", checkpoints.resolve("tiny-hrm").toString(), "--hidden", "8",
                "--steps", "2", "--batch", "4", "--segments", "3");
        cli("train", "--model", "decoder", "--task", "sudoku4", "--train", data.resolve("train.txt").toString(),
                "--out", checkpoints.resolve("tiny-decoder").toString(), "--hidden", "8", "--steps", "4", "--batch", "4");
        cli("train", "--model", "gram", "--task", "sudoku4", "--train", data.resolve("train.txt").toString(), "--out",
                checkpoints.resolve("tiny-gram").toString(), "--hidden", "8", "--steps", "2", "--batch", "4",
                "--segments", "2", "--noise", "1.0");
        puzzle = Files.readAllLines(data.resolve("test.txt")).get(0).strip();
    }

    private static String page() {
        SiteConfig config = new SiteConfig("127.0.0.1", 0, dir.resolve("site"), SiteTesting.EXERCISES, SiteTesting.BOOK,
                checkpoints, 10, 10);
        try (Site site = Site.start(config, new LocalQueue(1, 4, (e, a) -> Verdict.of(Verdict.Status.FAILED, "-", "")))) {
            HttpResponse<String> r = new SiteTesting.Client(site).get("/demo/sudoku?puzzle=" + puzzle);
            assertEquals(200, r.statusCode());
            return r.body();
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static long givens() {
        return puzzle.chars().filter(c -> c != '.' && c != '0').count();
    }

    @Test
    void aRefinementModelsAnswerIsAGridAfterEverySegmentWithItsOverwrittenGivensMarked() {
        String page = page();
        int refinement = page.indexOf("<h2 id=\"models-title\">Refinement models</h2>");
        int decoders = page.indexOf("<h2 id=\"decoders-title\">Autoregressive decoders</h2>");
        assertTrue(refinement >= 0 && decoders > refinement, page);
        int hrm = page.indexOf("<h3>tiny-hrm (hrm)</h3>");
        assertTrue(hrm > refinement && hrm < decoders, "the HRM is a refinement model: " + page);
        for (int segment = 1; segment <= 3; segment++) {
            assertTrue(page.contains("<caption>tiny-hrm after segment " + segment + ": "), "segment " + segment);
        }
        assertFalse(page.contains("tiny-hrm after segment 4"), "only the trained number of segments");

        // The last grid marks exactly the givens the model's final answer writes over.
        Checkpoint.Loaded model = Checkpoint.load(checkpoints.resolve("tiny-hrm"));
        Sudoku givens = Sudoku.parse(puzzle);
        int[] last = Trajectory.run(model.model(), SudokuPuzzle.of(givens).inputTokens(), 3).finalAnswer();
        int overwritten = SudokuDemo.overwrittenGivens(givens, last);
        String lastGrid = page.substring(page.indexOf("<caption>tiny-hrm after segment 3"));
        lastGrid = lastGrid.substring(0, lastGrid.indexOf("</table>"));
        assertEquals(overwritten, count(lastGrid, "overwritten with") + count(lastGrid, ", left blank)"), lastGrid);
        assertEquals(givens() - overwritten, count(lastGrid, "> (given)</span>"), lastGrid);
        assertEquals(overwritten > 0, page.contains("and it writes over " + overwritten), page);
    }

    /**
     * A stochastic model (gram, chapter 14) is shown with its sampled trajectories side by side,
     * one row per sample, each sample's grids the ones {@code solve --samples} would reach.
     */
    @Test
    void aStochasticModelShowsItsSampledTrajectoriesSideBySide() {
        String page = page();
        int gram = page.indexOf("<h3>tiny-gram (gram)</h3>");
        assertTrue(gram >= 0, page);
        String own = page.substring(gram);
        assertTrue(own.contains("<h4>" + ModelDemo.SAMPLES + " trajectories side by side</h4>"), own);
        for (int i = 1; i <= ModelDemo.SAMPLES; i++) {
            for (int segment = 1; segment <= 2; segment++) {
                assertTrue(own.contains("<caption>tiny-gram, sample " + i + ", after segment " + segment + "</caption>"),
                        "sample " + i + " segment " + segment);
            }
        }
        assertFalse(own.contains("sample " + (ModelDemo.SAMPLES + 1) + ","), own);
        assertFalse(page.substring(0, gram).contains("trajectories side by side"), "only the stochastic model samples");
        // The samples are the ones width draws: the demo's grids are Width's answers, seed for seed.
        Checkpoint.Loaded model = Checkpoint.load(checkpoints.resolve("tiny-gram"));
        int[] tokens = SudokuPuzzle.of(Sudoku.parse(puzzle)).inputTokens();
        java.util.List<org.depthlab.train.Width.Samples> drawn = org.depthlab.train.Width.sample(model.model(),
                java.util.List.of(SudokuPuzzle.of(Sudoku.parse(puzzle))), ModelDemo.SAMPLES, 2, 1, ModelDemo.SAMPLES);
        java.util.List<Trajectory> shown = ModelDemo.samples(model.model(), tokens, 2);
        for (int i = 0; i < ModelDemo.SAMPLES; i++) {
            assertTrue(java.util.Arrays.equals(drawn.get(0).answers().get(i), shown.get(i).finalAnswer()), "sample " + i);
        }
    }

    @Test
    void aDecoderIsShownUnderItsOwnHeadingDecodingAndNeverWritesOverAGiven() {
        String page = page();
        String decoders = page.substring(page.indexOf("<h2 id=\"decoders-title\">Autoregressive decoders</h2>"));
        assertTrue(decoders.contains("<h3>tiny-decoder (decoder)</h3>"), decoders);
        assertFalse(page.substring(0, page.indexOf("decoders-title")).contains("tiny-decoder"),
                "the decoder is not listed as a refinement model");
        assertTrue(decoders.contains("<h4>Greedy decoding</h4>"), decoders);
        assertTrue(decoders.contains("<h4>Backtracking decoding"), decoders);
        assertTrue(decoders.contains("What it wrote and took back, in order"), decoders);
        String greedy = decoders.substring(decoders.indexOf("<caption>tiny-decoder, greedy decoding: "));
        greedy = greedy.substring(0, greedy.indexOf("</table>"));
        assertEquals(givens(), count(greedy, "> (given)</span>"), "every given kept and marked: " + greedy);
        assertFalse(greedy.contains("overwrote"), greedy);
        // Backtracking around even a barely trained decoder solves a 4x4 puzzle.
        assertTrue(decoders.contains("<caption>tiny-decoder, backtracking decoding (at most "
                + ModelDemo.BACKTRACK_BUDGET + " digits tried): valid</caption>"), decoders);
    }

    @Test
    void aGivenTheAnswerWritesOverIsMarkedInWordsAndAChangedCellToo() {
        Sudoku p = Sudoku.parse("1...........2..3");
        int[] answer = SudokuPuzzle.tokensOf(Sudoku.parse("2..............3"));
        answer[1] = Tokens.ofValue(3); // r1c2 = 4, an open cell
        int[] before = answer.clone();
        before[1] = Tokens.ofValue(1); // it was 2 in the segment before
        String grid = SudokuDemo.answerGrid(p, answer, before, "after").html();
        assertTrue(grid.contains("<td class=\"given overwrote\"><del>1</del> <ins>2</ins><span class=\"visually-hidden\">"
                + " (the given 1, overwritten with 2)</span></td>"), grid);
        assertTrue(grid.contains("<del>2</del><span class=\"visually-hidden\"> (the given 2, left blank)</span>"), grid);
        assertTrue(grid.contains("<td class=\"given\">3<span class=\"visually-hidden\"> (given)</span></td>"), grid);
        assertEquals(1, count(grid, "> (given)</span>"), grid);
        assertTrue(grid.contains("<td class=\"placed changed box-right\">4<span class=\"visually-hidden\"> (changed)</span>"), grid);
        assertEquals(2, SudokuDemo.overwrittenGivens(p, answer));
    }
}
