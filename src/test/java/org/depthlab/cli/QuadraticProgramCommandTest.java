package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.depthlab.tasks.QuadraticProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate, solve and iterate know quadratic programs: seeded files, exact and iterative solutions, the per-iteration table. */
class QuadraticProgramCommandTest {

    @Test
    void generatedProgramsAreSeededAndSolvedExactlyOrIteratively(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("qp.txt");
        CliRun gen = CliRun.of("generate", "--task", "qpbox5", "--count", "4", "--seed", "2", "--condition", "3-30",
                "--out", file.toString());
        assertEquals(0, gen.code(), gen.err());
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size());
        for (String l : lines) {
            QuadraticProgram qp = QuadraticProgram.parse(l);
            assertTrue(qp.box() && qp.n() == 5 && qp.condition() >= 3 - 1e-6 && qp.condition() <= 30 + 1e-6);
        }
        CliRun exact = CliRun.of("solve", "--task", "qp", "--file", file.toString());
        assertEquals(0, exact.code(), exact.err());
        assertEquals(4, exact.out().lines().count());
        assertTrue(exact.err().contains("closed form: 4 programs, mean relative error 0.00"), exact.err());
        CliRun gd = CliRun.of("solve", "--task", "qp", "--solver", "gd", "--steps", "3", "--file", file.toString());
        assertEquals(0, gd.code(), gd.err());
        assertTrue(gd.err().contains("gradient descent, 3 steps: 4 programs"), gd.err());
        CliRun cg = CliRun.of("solve", "--task", "qp", "--solver", "cg", "--steps", "3", "--file", file.toString());
        assertEquals(2, cg.code());
        assertTrue(cg.err().contains("unconstrained"), cg.err());
    }

    @Test
    void badProgramsAndOptionsAreOneSentenceAndExitTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("qp.txt");
        Files.writeString(file, "qp2 A=2,0,0,1 b=1,1\nqp2 A=1,2 b=1,1\n");
        CliRun r = CliRun.of("solve", "--task", "qp2", "--file", file.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.out().lines().count());
        assertTrue(r.err().contains("line 2: A needs 4 numbers"), r.err());
        assertEquals(2, CliRun.of("solve", "--task", "qp", "--solver", "gd", "--file", file.toString()).code());
        assertEquals(2, CliRun.of("generate", "--task", "qp4", "--clues", "2").code());
        assertEquals(2, CliRun.of("generate", "--task", "qp4", "--condition", "ten").code());
        assertEquals(2, CliRun.of("iterate", "--model", "decoder").code());
        // A program is no puzzle: train and eval say which command learns one.
        CliRun train = CliRun.of("train", "--model", "looped", "--task", "qp6", "--train", file.toString(), "--test",
                file.toString(), "--out", dir.resolve("run").toString());
        assertEquals(2, train.code());
        assertEquals(List.of("depthlab: task 'qp6' is a quadratic program, not a puzzle: generate and solve read it,"
                + " and 'depthlab iterate' trains and evaluates a model on it."), train.err().lines().toList());
    }

    @Test
    void iteratePrintsTheSameTableForTheSameSeed() {
        String[] args = {"iterate", "--model", "looped", "--loops", "2", "--hidden", "8", "--steps", "20", "--test", "10"};
        CliRun a = CliRun.of(args);
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), CliRun.of(args).out());
        assertTrue(a.out().contains("2 (K)") && a.out().contains("conjugate gradient"), a.out());
        assertEquals(2 + 8, a.out().lines().count(), "a heading, the column names and 4K = 8 rows");
        CliRun box = CliRun.of("iterate", "--model", "hrm", "--loops", "1", "--hidden", "8", "--steps", "5", "--test",
                "5", "--box");
        assertEquals(0, box.code(), box.err());
        assertTrue(box.out().contains("projected gradient") && box.out().contains("in the box"), box.out());
        CliRun every = CliRun.of("iterate", "--every-loop", "--loops", "2", "--hidden", "8", "--steps", "5", "--test",
                "5");
        assertTrue(every.out().contains("a loss after every loop"), every.out());
    }
}
