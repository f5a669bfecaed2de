package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.depthlab.cli.Main;
import org.depthlab.exercises.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With --checkpoints, the Sudoku demo shows each Sudoku model's answer segment by segment. */
class ModelDemoTest {

    private static void cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, String.join(" ", args) + "\n" + out + err);
    }

    @Test
    void theDemoShowsATrainedModelsSegments(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        cli("generate", "--task", "sudoku4", "--count", "12", "--test-count", "2", "--clues", "8", "--seed", "3",
                "--out", data.toString());
        Path checkpoints = dir.resolve("checkpoints");
        cli("train", "--model", "hrm", "--task", "sudoku4", "--train", data.resolve("train.txt").toString(), "--test",
                data.resolve("test.txt").toString(), "--out", checkpoints.resolve("tiny-hrm").toString(), "--hidden", "8",
                "--steps", "2", "--batch", "4", "--segments", "3");
        String puzzle = Files.readAllLines(data.resolve("test.txt")).get(0).strip();
        SiteConfig config = new SiteConfig("127.0.0.1", 0, dir.resolve("site"), SiteTesting.EXERCISES, SiteTesting.BOOK,
                checkpoints, 10, 10);
        try (Site site = Site.start(config, new LocalQueue(1, 4, (e, a) -> Verdict.of(Verdict.Status.FAILED, "-", "")))) {
            HttpResponse<String> r = new SiteTesting.Client(site).get("/demo/sudoku?puzzle=" + puzzle);
            assertEquals(200, r.statusCode());
            String page = r.body();
            assertTrue(page.contains("<h3>tiny-hrm (hrm)</h3>"), page);
            for (int segment = 1; segment <= 3; segment++) {
                assertTrue(page.contains("<tr><td>" + segment + "</td><td><code>"), "segment " + segment);
            }
            assertTrue(!page.contains("<tr><td>4</td><td><code>"), "only the trained number of segments");
        }
    }
}
