package org.depthlab.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.GridPaths;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** Augmentations keep puzzles valid, map answers along, commute with solving, and keep fingerprints. */
class AugmentationTest {


    private static Set<String> sudokuSolutions(Sudoku p) {
        Set<String> out = new TreeSet<>();
        SudokuCsp csp = new SudokuCsp(p);
        new CspSolver().enumerate(csp, v -> out.add(csp.toGrid(v).toLine()));
        return out;
    }

    /** A 4×4 or 6×6 puzzle with a few clues, often with several solutions. */
    private static Sudoku loosePuzzle(Sudoku.Shape shape, SplittableRandom rng) {
        SudokuPuzzle p = new SudokuGenerator(shape, 0, 0).next(rng);
        Sudoku s = p.givens();
        for (int k = rng.nextInt(3); k > 0; k--) {
            s = s.with(rng.nextInt(shape.cellCount()), 0);
        }
        return s;
    }

    // Claim: a random Sudoku transformation maps a valid puzzle to a valid one and its set of
    // solutions one-to-one onto the solutions of the image: solve(T(p)) = T(solve(p)).
    @Test
    void sudokuTransformsCommuteWithSolving() {
        Props.qt(80)
                .forAll(integers().between(0, 2), longs().all()).checkAssert((k, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Sudoku.Shape shape = k == 0 ? Sudoku.Shape.FOUR : k == 1 ? Sudoku.Shape.SIX : Sudoku.Shape.NINE;
                    Sudoku p = shape.size() == 9 ? new SudokuGenerator(shape, 0, 0).next(rng).givens()
                            : loosePuzzle(shape, rng);
                    SudokuTransform t = SudokuTransform.random(shape, rng);
                    Sudoku image = t.apply(p);
                    assertNull(image.firstConflict());
                    assertEquals(p.clueCount(), image.clueCount());
                    Set<String> mapped = new TreeSet<>();
                    for (String s : sudokuSolutions(p)) {
                        mapped.add(t.apply(Sudoku.parse(s)).toLine());
                    }
                    assertEquals(mapped, sudokuSolutions(image), p.toLine() + " under " + t);
                });
    }

    @Test
    void sudokuTransformsReachTransposeOnlyForSquareBoxes() {
        SplittableRandom rng = new SplittableRandom(1);
        boolean transposed = false;
        for (int i = 0; i < 50; i++) {
            transposed |= SudokuTransform.random(Sudoku.Shape.NINE, rng).transpose();
            assertTrue(!SudokuTransform.random(Sudoku.Shape.SIX, rng).transpose());
        }
        assertTrue(transposed);
    }

    // Claim: a symmetry of the square keeps every shortest-path length (distances map along)
    // and maps the reference path onto a shortest path of the image, which the verifier accepts.
    @Test
    void mazeSymmetriesKeepShortestPaths() {
        Props.qt(60)
                .forAll(integers().between(5, 16), longs().all()).checkAssert((size, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    MazePuzzle p = new MazeGenerator(size, 0, 0.2).next(rng);
                    Dihedral d = Dihedral.random(rng);
                    MazePuzzle q = p.transform(d);
                    int[] before = GridPaths.distances(p.maze().open(), size, p.maze().start());
                    int[] after = GridPaths.distances(q.maze().open(), size, q.maze().start());
                    for (int cell = 0; cell < before.length; cell++) {
                        assertEquals(before[cell], after[d.map(cell, size)]);
                    }
                    assertEquals(p.pathLength(), q.pathLength());
                    assertTrue(q.isCorrect(q.targetTokens()));
                    assertEquals(p.fingerprint(), q.fingerprint());
                });
    }

    @Test
    void theEightSymmetriesAreDistinctPermutations() {
        int size = 4;
        Set<String> images = new TreeSet<>();
        for (Dihedral d : Dihedral.values()) {
            boolean[] hit = new boolean[size * size];
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < size * size; c++) {
                int m = d.map(c, size);
                assertTrue(!hit[m]);
                hit[m] = true;
                b.append(m).append(',');
            }
            images.add(b.toString());
        }
        assertEquals(8, images.size());
        assertEquals(8, EnumSet.allOf(Dihedral.class).size());
    }

    // Claim: a symmetry maps the completions of an N-Queens board one-to-one onto the
    // completions of its image.
    @Test
    void queensSymmetriesMapCompletionsOntoCompletions() {
        Props.qt(40)
                .forAll(integers().between(4, 8), longs().all()).checkAssert((n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    QueensPuzzle p = QueensPuzzle.random(n, rng.nextInt(0, 3), rng);
                    Dihedral d = Dihedral.random(rng);
                    QueensPuzzle q = p.transform(d);
                    Set<String> mapped = new TreeSet<>();
                    for (Queens s : p.completions()) {
                        mapped.add(s.transform(d).format());
                    }
                    Set<String> direct = new TreeSet<>();
                    for (Queens s : q.completions()) {
                        direct.add(s.format());
                    }
                    assertEquals(mapped, direct, p.format() + " under " + d);
                    assertTrue(q.isCorrect(q.targetTokens()));
                    assertEquals(p.fingerprint(), q.fingerprint());
                });
    }

    // Claim: renaming the nodes of a pointer-chasing puzzle renames its answer.
    @Test
    void pointerRelabellingMapsTheAnswer() {
        Props.qt(100)
                .forAll(integers().between(1, 30), integers().between(0, 50), longs().all()).checkAssert((m, k, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    PointerPuzzle p = PointerPuzzle.random(m, k, rng);
                    int[] pi = new int[m];
                    for (int i = 0; i < m; i++) {
                        pi[i] = i;
                    }
                    SudokuTransform.shuffle(pi, 0, m - 1, rng);
                    PointerPuzzle q = p.relabel(pi);
                    assertEquals(pi[p.answer()], q.answer());
                    assertEquals(p.fingerprint(), q.fingerprint());
                    PointerPuzzle r = p.augment(rng);
                    assertTrue(r.isCorrect(r.targetTokens()));
                    assertEquals(p.fingerprint(), r.fingerprint());
                });
    }

    // Claim: every task's augment keeps the puzzle's fingerprint and returns a puzzle whose
    // reference answer is correct for it.
    @Test
    void augmentKeepsTheFingerprintAndACorrectAnswer() {
        Props.qt(80)
                .forAll(integers().between(0, EncodingTest.TASKS.size() - 1), longs().all()).checkAssert((k, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Puzzle p = EncodingTest.TASKS.get(k).generate(rng);
                    List<Puzzle> chain = new ArrayList<>(List.of(p));
                    for (int i = 0; i < 3; i++) {
                        chain.add(chain.get(i).augment(rng));
                    }
                    for (Puzzle q : chain) {
                        assertEquals(p.fingerprint(), q.fingerprint(), p.format() + " vs " + q.format());
                        assertTrue(q.isCorrect(q.targetTokens()));
                    }
                });
    }
}
