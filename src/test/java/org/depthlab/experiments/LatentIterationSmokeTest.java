package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.depthlab.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The latent-iteration experiment at smoke scale through the lab's commands: list shows it,
 * run trains and measures every run, a second run redoes nothing, report writes the tables
 * (iterations, shifted programs, probes, the loop as a map, the empirical claim) and the figures.
 */
class LatentIterationSmokeTest {

    private static final Path SPECS = Path.of("book/experiments").toAbsolutePath();

    private record Run(int code, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theExperimentRunsAtSmokeScaleAndReports(@TempDir Path dir) throws Exception {
        Path lab = dir.resolve("lab");
        Run list = cli("experiment", "list", "--specs", SPECS.toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("latent-iteration") && list.out().contains("reflection"), list.out());

        Run run = cli("experiment", "run", "latent-iteration", "--scale", "smoke", "--specs", SPECS.toString(), "--dir",
                lab.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("10 runs finished now, 0 had finished before"), run.out());
        Run again = cli("experiment", "run", "latent-iteration", "--scale", "smoke", "--specs", SPECS.toString(),
                "--dir", lab.toString());
        assertTrue(again.out().contains("0 runs finished now, 10 had finished before"), again.out());

        Path book = dir.resolve("book");
        Run report = cli("experiment", "report", "latent-iteration", "--specs", SPECS.toString(), "--dir",
                lab.toString(), "--out", book.toString());
        assertEquals(0, report.code(), report.err());
        assertTrue(report.err().contains("reporting the smoke-scale runs"), report.err());
        String md = Files.readString(book.resolve("results/latent-iteration.md"));
        for (String part : new String[] {"Mean relative error after k iterations", "on shifted programs",
            "Linear probes", "0 (the input x)", "The trained loop as a map", "error falls with loops",
            "gradient descent", "conjugate gradient", "projected gradient", "b shuffled"}) {
            assertTrue(md.contains(part), part + " in\n" + md);
        }
        for (String variant : new String[] {"free", "box"}) {
            assertTrue(Files.isRegularFile(book.resolve("figures/latent-iteration-error-" + variant + ".svg")));
            assertTrue(Files.isRegularFile(book.resolve("figures/latent-iteration-shift-" + variant + ".png")));
        }
        Run status = cli("experiment", "status", "latent-iteration", "--scale", "smoke", "--specs", SPECS.toString(),
                "--dir", lab.toString());
        assertTrue(status.out().contains("10 of 10 runs finished"), status.out());
        Run plan = cli("experiment", "plan", "latent-iteration", "--specs", SPECS.toString());
        assertEquals(2, plan.code());
        assertEquals(1, plan.err().lines().count(), plan.err());
    }

    /** --only runs the named runs and nothing else, as it does for the puzzle experiments; an unknown id is refused. */
    @Test
    void onlyRunsTheNamedRuns(@TempDir Path dir) throws Exception {
        Path lab = dir.resolve("lab");
        Run one = cli("experiment", "run", "latent-iteration", "--scale", "smoke", "--specs", SPECS.toString(), "--dir",
                lab.toString(), "--only", "free-transformer-s1");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().contains("1 runs finished now, 0 had finished before"), one.out());
        try (var runs = Files.list(lab.resolve("latent-iteration/smoke/runs"))) {
            assertEquals(java.util.List.of("free-transformer-s1"),
                    runs.map(p -> p.getFileName().toString().replaceAll("-[0-9a-f]{10}$", "")).toList());
        }
        Run unknown = cli("experiment", "run", "latent-iteration", "--scale", "smoke", "--specs", SPECS.toString(),
                "--dir", lab.toString(), "--only", "free-nosuch-s1");
        assertEquals(2, unknown.code());
        assertEquals(java.util.List.of("depthlab: experiment latent-iteration has no run 'free-nosuch-s1' (see"
                + " 'depthlab experiment status latent-iteration')."), unknown.err().lines().toList());
    }
}
