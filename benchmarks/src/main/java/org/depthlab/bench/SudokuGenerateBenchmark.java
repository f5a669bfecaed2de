package org.depthlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuGenerator;
import org.depthlab.tasks.SudokuPuzzle;
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
 * Generation of hard 9×9 puzzles (unique solution, minimal, at least 10 backtracks under
 * MRV): {@code hardPerMinute} is puzzles per minute from one seeded stream, and
 * {@code thousandHard} the time to generate 1,000 of them in one go.
 */
@State(Scope.Benchmark)
@Fork(1)
public class SudokuGenerateBenchmark {

    private final SudokuGenerator hard = new SudokuGenerator(Sudoku.Shape.NINE, 10, 0);
    private SplittableRandom rng;

    @Setup
    public void setUp() {
        rng = new SplittableRandom(1);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MINUTES)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 5, time = 2)
    public SudokuPuzzle hardPerMinute() {
        return hard.next(rng);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public int thousandHard() {
        SplittableRandom thousand = new SplittableRandom(rng.nextLong());
        int clues = 0;
        for (int i = 0; i < 1000; i++) {
            clues += hard.next(thousand).givens().clueCount();
        }
        return clues;
    }
}
