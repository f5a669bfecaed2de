package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.depthlab.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on every experiment of the book, at smoke scale: sweep, report, figures —
 * with one sweep killed midway (a real kill of a separate process) and resumed, and runs made
 * by separate processes in separate folders merged by one report.
 */
class ExperimentSmokeTest {

    private static final Path SPECS = Path.of("book/experiments").toAbsolutePath();

    private record Run(int code, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** The command line in a JVM of its own. */
    private static Process spawn(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Map<Path, byte[]> results(Path runs) throws IOException {
        Map<Path, byte[]> found = new LinkedHashMap<>();
        if (Files.isDirectory(runs)) {
            try (Stream<Path> s = Files.list(runs)) {
                for (Path d : s.sorted().toList()) {
                    if (Files.isRegularFile(d.resolve(RunResult.FILE))) {
                        found.put(d, Files.readAllBytes(d.resolve(RunResult.FILE)));
                    }
                }
            }
        }
        return found;
    }

    @Test
    void everyExperimentRunsAtSmokeScaleAndAKilledSweepResumesWithoutRedoingAnything(@TempDir Path dir)
            throws Exception {
        Path lab = dir.resolve("lab");
        List<Spec> specs = Spec.list(SPECS);
        assertTrue(specs.stream().map(Spec::name).toList().containsAll(List.of("sudoku6-compare", "depth-ladder",
                "difficulty", "reflection", "width")), "the book's puzzle experiments (latent-iteration has its own"
                + " runner and test): " + specs.stream().map(Spec::name).toList());
        String killed = "sudoku6-compare";
        int runsOfKilled = Plan.resolve(Spec.find(SPECS, killed), Spec.Scale.SMOKE, lab).runs().size();

        // A sweep in its own process, killed (SIGKILL) as soon as its first run has a result.
        Path runs = Plan.root(lab, killed, Spec.Scale.SMOKE).resolve("runs");
        Process p = spawn(dir.resolve("killed.log"), "experiment", "run", killed, "--scale", "smoke", "--specs",
                SPECS.toString(), "--dir", lab.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (results(runs).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Map<Path, byte[]> before = results(runs);
        assertTrue(!before.isEmpty() && before.size() < runsOfKilled, "killed midway: " + before.size() + " of "
                + runsOfKilled + " runs finished; " + Files.readString(dir.resolve("killed.log")));

        Run resumed = cli("experiment", "run", killed, "--scale", "smoke", "--specs", SPECS.toString(), "--dir",
                lab.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains((runsOfKilled - before.size()) + " runs finished now, " + before.size()
                + " had finished before"), resumed.out());
        for (Map.Entry<Path, byte[]> e : before.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(e.getKey().resolve(RunResult.FILE)),
                    e.getKey() + " was not redone");
        }

        for (Spec s : specs) {
            if (!s.name().equals(killed)) {
                Run run = cli("experiment", "run", s.name(), "--scale", "smoke", "--specs", SPECS.toString(), "--dir",
                        lab.toString());
                assertEquals(0, run.code(), run.err());
            }
            Path book = dir.resolve("book");
            Run report = cli("experiment", "report", s.name(), "--specs", SPECS.toString(), "--dir", lab.toString(),
                    "--out", book.toString());
            assertEquals(0, report.code(), report.err());
            assertTrue(report.err().contains("reporting the smoke-scale runs"), report.err());
            JsonNode json = new ObjectMapper().readTree(book.resolve("results/" + s.name() + ".json").toFile());
            assertEquals(json.get("runsPlanned").asInt(), json.get("runsFinished").asInt(), s.name());
            assertTrue(json.get("figures").size() >= 2, s.name());
            for (JsonNode f : json.get("figures")) {
                String name = s.name() + "-" + f.get("name").asText();
                assertTrue(Files.isRegularFile(book.resolve("figures/" + name + ".svg")), name);
                assertTrue(Files.isRegularFile(book.resolve("figures/" + name + ".png")), name);
            }
            String md = Files.readString(book.resolve("results/" + s.name() + ".md"), StandardCharsets.UTF_8);
            assertTrue(md.contains("**Budget.** ") && md.contains("Matched: equal "), s.name());
            if (s.evaluation().width() != null) {
                // Width at inference: its tables, and its figures for every dataset.
                assertTrue(md.contains("| exact, majority vote of N samples |") && md.contains("pass@N (oracle"), md);
                for (Spec.DataSpec d : s.data()) {
                    String suffix = s.data().size() > 1 ? "-" + d.name() : "";
                    for (String f : List.of("samples-vote", "samples-pass", "samples-distinct", "versus-flops",
                            "versus-depth")) {
                        Path svg = book.resolve("figures/" + s.name() + "-" + f + suffix + ".svg");
                        assertTrue(Files.isRegularFile(svg), svg.toString());
                    }
                }
            }
        }
    }

    @Test
    void aReportMergesRunsThatSeparateProcessesMadeInSeparateFolders(@TempDir Path dir) throws Exception {
        Path specs = dir.resolve("specs");
        LabTesting.tiny(specs);
        Path here = dir.resolve("here");
        Run plan = cli("experiment", "plan", "tiny", "--scale", "smoke", "--specs", specs.toString(), "--dir",
                here.toString());
        assertEquals(0, plan.code(), plan.err());
        List<String> ids = plan.out().lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        assertEquals(6, ids.size());

        // Two "machines": each runs half of the runs into a lab folder of its own.
        Path there = dir.resolve("there");
        Process a = spawn(dir.resolve("a.log"), "experiment", "run", "tiny", "--scale", "smoke", "--specs",
                specs.toString(), "--dir", here.toString(), "--only", String.join(",", ids.subList(0, 3)));
        Process b = spawn(dir.resolve("b.log"), "experiment", "run", "tiny", "--scale", "smoke", "--specs",
                specs.toString(), "--dir", there.toString(), "--only", String.join(",", ids.subList(3, 6)));
        assertTrue(a.waitFor(300, TimeUnit.SECONDS) && b.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, a.exitValue(), Files.readString(dir.resolve("a.log")));
        assertEquals(0, b.exitValue(), Files.readString(dir.resolve("b.log")));

        Path book = dir.resolve("book");
        Run alone = cli("experiment", "report", "tiny", "--scale", "smoke", "--specs", specs.toString(), "--dir",
                here.toString(), "--out", book.toString());
        assertTrue(alone.out().contains("report from 3 of 6 runs (3 not finished)"), alone.out());
        Run merged = cli("experiment", "report", "tiny", "--scale", "smoke", "--specs", specs.toString(), "--dir",
                here.toString(), "--from", there.toString(), "--out", book.toString());
        assertEquals(0, merged.code(), merged.err());
        assertTrue(merged.out().contains("report from 6 of 6 runs"), merged.out());
        JsonNode json = new ObjectMapper().readTree(book.resolve("results/tiny.json").toFile());
        for (JsonNode row : json.get("rows")) {
            assertEquals(2, row.get("runs").size(), row.get("model") + ": both seeds, from both folders");
        }
    }
}
