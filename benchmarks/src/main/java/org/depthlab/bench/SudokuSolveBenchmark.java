package org.depthlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.SolverResult;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuCsp;
import org.depthlab.tasks.SudokuGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hard 9×9 solves per second: the CSP solver (forward checking, MRV) on a fixed, seeded set
 * of 64 generated puzzles that each need at least 10 backtracks, taken in turn.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SudokuSolveBenchmark {

    private SudokuCsp[] puzzles;
    private int next;
    private final CspSolver solver = new CspSolver();

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(1);
        SudokuGenerator hard = new SudokuGenerator(Sudoku.Shape.NINE, 10, 0);
        puzzles = new SudokuCsp[64];
        for (int i = 0; i < puzzles.length; i++) {
            puzzles[i] = new SudokuCsp(hard.next(rng).givens());
        }
    }

    @Benchmark
    public SolverResult solveHard() {
        SudokuCsp p = puzzles[next];
        next = (next + 1) % puzzles.length;
        return solver.solve(p);
    }
}
