package org.depthlab.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.depthlab.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeded train/test splits without augmentation leaks, and their files. */
class DatasetTest {

    /** Every image of a 4×4 grid under the whole augmentation group (24 relabellings × 128 shuffles). */
    private static Set<String> orbit4x4(Sudoku s) {
        Set<String> out = new HashSet<>();
        int[][] lineMaps = new int[8][];
        int k = 0;
        for (int band = 0; band < 2; band++) {
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    int first = band == 0 ? 0 : 2;
                    int second = 2 - first;
                    lineMaps[k++] = new int[] {first + a, first + 1 - a, second + b, second + 1 - b};
                }
            }
        }
        int[][] digitMaps = new int[24][];
        int d = 0;
        for (int p = 0; p < 4; p++) {
            for (int q = 0; q < 4; q++) {
                for (int r = 0; r < 4; r++) {
                    for (int t = 0; t < 4; t++) {
                        if (p != q && p != r && p != t && q != r && q != t && r != t) {
                            digitMaps[d++] = new int[] {0, p + 1, q + 1, r + 1, t + 1};
                        }
                    }
                }
            }
        }
        for (int[] rows : lineMaps) {
            for (int[] cols : lineMaps) {
                for (int[] digits : digitMaps) {
                    for (boolean transpose : new boolean[] {false, true}) {
                        out.add(new SudokuTransform(digits, rows, cols, transpose).apply(s).toLine());
                    }
                }
            }
        }
        return out;
    }

    // Claim: no test puzzle is an augmentation of a training puzzle — checked exactly for
    // 4×4 Sudoku, whose whole augmentation group (3072 maps) can be enumerated, on a task with
    // few distinct puzzles so that the split really has to skip candidates.
    @Test
    void noTestPuzzleIsAnAugmentationOfATrainingPuzzle() {
        Dataset d = Dataset.generate(new SudokuTask(Sudoku.Shape.FOUR, 0, 0), 12, 12, new SplittableRandom(9));
        assertEquals(12, d.train().size());
        assertEquals(12, d.test().size());
        Set<String> reachable = new HashSet<>();
        for (Puzzle p : d.train()) {
            reachable.addAll(orbit4x4(((SudokuPuzzle) p).givens()));
        }
        for (Puzzle p : d.test()) {
            assertFalse(reachable.contains(p.format()), "test puzzle " + p.format() + " leaks from training");
        }
        Set<String> fingerprints = new HashSet<>();
        for (Puzzle p : d.train()) {
            assertTrue(fingerprints.add(p.fingerprint()), "two equivalent training puzzles");
        }
        for (Puzzle p : d.test()) {
            assertTrue(fingerprints.add(p.fingerprint()), "test puzzle equivalent to another");
        }
    }

    @Test
    void augmentedCopiesOfTrainingPuzzlesShareTheirFingerprint() {
        Dataset d = Dataset.generate(new MazeTask(9, 0, 0.1), 5, 5, new SplittableRandom(2));
        Set<String> train = d.train().stream().map(Puzzle::fingerprint).collect(Collectors.toSet());
        SplittableRandom rng = new SplittableRandom(3);
        for (Puzzle p : d.train()) {
            assertTrue(train.contains(p.augment(rng).fingerprint()));
        }
        for (Puzzle p : d.test()) {
            assertFalse(train.contains(p.fingerprint()));
        }
    }

    @Test
    void sameSeedGivesTheSameSplit() {
        Task t = new PointerTask(8, 3);
        Dataset a = Dataset.generate(t, 20, 10, new SplittableRandom(5));
        Dataset b = Dataset.generate(t, 20, 10, new SplittableRandom(5));
        assertEquals(a.train(), b.train());
        assertEquals(a.test(), b.test());
    }

    @Test
    void datasetsWriteAndReadBackWithoutLeavingTemporaryFiles(@TempDir Path dir) throws IOException {
        for (Task t : List.of(new MazeTask(7, 0, 0.1), new SudokuTask(Sudoku.Shape.SIX, 0, 0), new QueensTask(8, 2))) {
            Dataset d = Dataset.generate(t, 4, 3, new SplittableRandom(1));
            Path sub = dir.resolve(t.name());
            d.write(sub);
            Dataset back = Dataset.read(t, sub);
            assertEquals(formats(d.train()), formats(back.train()));
            assertEquals(formats(d.test()), formats(back.test()));
            try (Stream<Path> files = Files.list(sub)) {
                assertEquals(Set.of(Dataset.TRAIN_FILE, Dataset.TEST_FILE),
                        files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
            }
        }
        String mazes = Files.readString(dir.resolve("maze7").resolve(Dataset.TRAIN_FILE));
        assertEquals(4, mazes.split("\n\n").length, "mazes are separated by one empty line");
    }

    private static List<String> formats(List<Puzzle> puzzles) {
        return puzzles.stream().map(Puzzle::format).collect(Collectors.toList());
    }

    @Test
    void readingNamesTheFileAndLineOfABadPuzzle(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("p.txt");
        Files.writeString(f, "1234341221434321\n\n12\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Dataset.readPuzzles(new SudokuTask(Sudoku.Shape.FOUR, 0, 0), f));
        assertTrue(e.getMessage().contains("p.txt line 3"), e.getMessage());
    }

    @Test
    void askingForMoreDistinctPuzzlesThanExistIsRejected() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Dataset.generate(new PointerTask(1, 2), 2, 0, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("fewer"), e.getMessage());
    }
}
