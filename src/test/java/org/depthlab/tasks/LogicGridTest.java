package org.depthlab.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.CspSolver;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * Logic grids: the text format, the CSP against brute force, the generator, the augmentations
 * and the tokens. The brute force tries every assignment of houses (one permutation per
 * category) and reads each clue with its own arithmetic; it shares no code with the CSP.
 */
class LogicGridTest {

    /** A 4×3 grid with a unique solution, from the generator (seed 1). */
    static final String PUZZLE = "4x3 B2@2 A2=C4 C3~C4 A2!B3 C2@1 A3@2 A4~C3 B1=C1";

    @Test
    void textFormatRoundTripsAndNamesWhatIsWrong() {
        LogicGrid g = LogicGrid.parse("  " + PUZZLE + "  ");
        assertEquals(PUZZLE, g.format());
        assertEquals(4, g.houses());
        assertEquals(3, g.categories());
        assertEquals(new LogicGrid.Clue(LogicGrid.Kind.AT, 4 + 1, 1), g.clues().get(0), "B2 is attribute 5, house 2 is 1");
        assertEquals(new LogicGrid.Clue(LogicGrid.Kind.SAME, 1, 8 + 3), g.clues().get(1));
        BadInputException e = assertThrows(BadInputException.class, () -> LogicGrid.parse("4 A1=B2"));
        assertTrue(e.getMessage().contains("NxM"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> LogicGrid.parse("4x3 A1=D2"));
        assertTrue(e.getMessage().contains("'D2'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> LogicGrid.parse("4x3 A1*B2"));
        assertTrue(e.getMessage().contains("'A1*B2' is not a clue"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> LogicGrid.parse("4x3 A1@5"));
        assertTrue(e.getMessage().contains("1..4"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> new LogicGridTask(4, 0).parse("4x3 A1=A2"));
        assertTrue(e.getMessage().contains("no solution"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> new LogicGridTask(5, 0).parse(PUZZLE));
        assertTrue(e.getMessage().contains("5x3"), e.getMessage());
    }

    /** Every assignment: one permutation of the houses per category. */
    static List<int[]> assignments(int houses, int categories) {
        List<int[]> perms = new ArrayList<>();
        permutations(houses, new int[houses], new boolean[houses], 0, perms);
        List<int[]> out = new ArrayList<>();
        int[] a = new int[houses * categories];
        combine(perms, houses, categories, 0, a, out);
        return out;
    }

    private static void permutations(int n, int[] p, boolean[] used, int k, List<int[]> out) {
        if (k == n) {
            out.add(p.clone());
            return;
        }
        for (int h = 0; h < n; h++) {
            if (!used[h]) {
                used[h] = true;
                p[k] = h;
                permutations(n, p, used, k + 1, out);
                used[h] = false;
            }
        }
    }

    private static void combine(List<int[]> perms, int n, int m, int c, int[] a, List<int[]> out) {
        if (c == m) {
            out.add(a.clone());
            return;
        }
        for (int[] p : perms) {
            System.arraycopy(p, 0, a, c * n, n);
            combine(perms, n, m, c + 1, a, out);
        }
    }

    /** Whether an assignment (house of each attribute) obeys every clue, read here independently. */
    static boolean obeys(LogicGrid g, int[] house) {
        for (LogicGrid.Clue c : g.clues()) {
            int x = house[c.a()];
            boolean ok;
            switch (c.kind()) {
                case SAME: ok = x == house[c.b()]; break;
                case DIFFERENT: ok = x != house[c.b()]; break;
                case LEFT_OF: ok = x < house[c.b()]; break;
                case DIRECTLY_LEFT: ok = house[c.b()] - x == 1; break;
                case NEXT_TO: ok = x - house[c.b()] == 1 || house[c.b()] - x == 1; break;
                case AT: ok = x == c.b(); break;
                default: throw new AssertionError(c);
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static LogicGrid randomGrid(int houses, int categories, SplittableRandom rng) {
        List<LogicGrid.Clue> clues = new ArrayList<>();
        int count = 1 + rng.nextInt(6);
        int attributes = houses * categories;
        for (int i = 0; i < count; i++) {
            LogicGrid.Kind k = LogicGrid.Kind.values()[rng.nextInt(LogicGrid.Kind.values().length)];
            clues.add(new LogicGrid.Clue(k, rng.nextInt(attributes), rng.nextInt(k == LogicGrid.Kind.AT ? houses : attributes)));
        }
        return new LogicGrid(houses, categories, clues);
    }

    @Test
    void theSolverFindsExactlyTheBruteForceSolutions() {
        List<int[]> all3 = assignments(3, 3);
        List<int[]> all4 = assignments(4, 2);
        assertEquals(216, all3.size());
        assertEquals(576, all4.size());
        Props.qt(80).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            boolean three = rng.nextBoolean();
            LogicGrid g = three ? randomGrid(3, 3, rng) : randomGrid(4, 2, rng);
            Set<String> expected = new HashSet<>();
            for (int[] a : three ? all3 : all4) {
                if (obeys(g, a)) {
                    expected.add(Arrays.toString(a));
                }
            }
            LogicGridCsp csp = new LogicGridCsp(g, g.clues().size() + rng.nextInt(3));
            Set<String> found = new HashSet<>();
            new CspSolver().enumerate(csp, v -> {
                assertTrue(csp.isSolution(v) && g.isSolution(csp.housesOf(v)));
                found.add(Arrays.toString(csp.housesOf(v)));
            });
            assertEquals(expected, found, g.format());
        });
    }

    @Test
    void everyConstraintIsSymmetric() {
        Props.qt(30).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            LogicGrid g = randomGrid(3 + rng.nextInt(4), 2 + rng.nextInt(3), rng);
            LogicGridCsp csp = new LogicGridCsp(g, g.clues().size());
            for (int x = 0; x < csp.variableCount(); x++) {
                final int from = x;
                for (int y : csp.neighbours(x)) {
                    assertTrue(Arrays.stream(csp.neighbours(y)).anyMatch(z -> z == from), "neighbours are mutual");
                    for (int vx = 0; vx < g.houses(); vx++) {
                        for (int vy = 0; vy < g.houses(); vy++) {
                            assertEquals((csp.compatible(x, vx, y) >> vy & 1) == 1, (csp.compatible(y, vy, x) >> vx & 1) == 1);
                        }
                    }
                }
            }
        });
    }

    @Test
    void generatedPuzzlesHaveOneSolutionAndNoSpareClue() {
        List<int[]> all = assignments(4, 3);
        SplittableRandom rng = new SplittableRandom(Props.SEED);
        for (int i = 0; i < 4; i++) {
            LogicGridPuzzle p = new LogicGridTask(4, 0).generate(rng);
            List<int[]> fitting = all.stream().filter(a -> obeys(p.grid(), a)).toList();
            assertEquals(1, fitting.size(), p.format());
            assertArrayEquals(fitting.get(0), p.solution());
            for (int drop = 0; drop < p.grid().clues().size(); drop++) {
                List<LogicGrid.Clue> fewer = new ArrayList<>(p.grid().clues());
                fewer.remove(drop);
                LogicGrid g = new LogicGrid(4, 3, fewer);
                assertTrue(all.stream().filter(a -> obeys(g, a)).count() > 1, "clue " + drop + " of " + p.format()
                        + " is spare");
            }
        }
    }

    @Test
    void sameSeedSamePuzzlesAndTheDifficultyIsAsked() {
        LogicGridTask task = new LogicGridTask(4, 4);
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        for (int i = 0; i < 5; i++) {
            LogicGridPuzzle p = task.generate(a);
            assertEquals(p.format(), task.generate(b).format());
            assertTrue(new CspSolver().solve(p.constraints().orElseThrow()).backtracks() >= 4);
            assertTrue(p.grid().clues().size() <= task.maxClues());
        }
    }

    @Test
    void augmentationsMapTheSolutionAndKeepTheFingerprint() {
        SplittableRandom rng = new SplittableRandom(9);
        List<String> fingerprints = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            LogicGridPuzzle p = new LogicGridTask(4 + i % 2, 0).generate(rng);
            for (int k = 0; k < 6; k++) {
                LogicGridPuzzle t = p.augment(rng);
                assertTrue(t.isCorrect(t.targetTokens()));
                LogicGridPuzzle solved = LogicGridPuzzle.of(t.grid(), t.maxClues());
                assertArrayEquals(t.solution(), solved.solution(), "the image's unique solution is the image of the solution");
                assertEquals(p.fingerprint(), t.fingerprint());
            }
            fingerprints.add(p.fingerprint());
        }
        assertEquals(fingerprints.size(), new HashSet<>(fingerprints).size(), "different puzzles, different fingerprints");
    }

    @Test
    void tokensAreTheAttributesThenTheClueSlots() {
        LogicGridTask task = new LogicGridTask(4, 0);
        LogicGridPuzzle p = task.parse(PUZZLE);
        int[] in = p.inputTokens();
        assertEquals(12 + 3 * 12, in.length);
        assertEquals(task.sequenceLength(), in.length);
        assertEquals(14, p.vocabularySize(), "12 values (attribute indices) and PAD, blank");
        for (int a = 0; a < 12; a++) {
            assertEquals(Tokens.BLANK, in[a]);
        }
        assertArrayEquals(new int[] {2 + 6, 2 + 5, 2 + 1}, Arrays.copyOfRange(in, 12, 15), "B2@2: kind 6, B2 = 5, house 1");
        assertArrayEquals(new int[] {2, 2, 2}, Arrays.copyOfRange(in, 12 + 3 * 8, 12 + 3 * 9), "an empty slot");
        int[] target = p.targetTokens();
        assertTrue(p.isCorrect(target));
        assertEquals(Tokens.ofValue(1), target[5], "B2 is in house 2");
        int[] wrong = target.clone();
        int t = wrong[0];
        wrong[0] = wrong[1];
        wrong[1] = t; // A1 and A2 swap houses
        assertFalse(p.isCorrect(wrong));
        assertEquals(p.format(), task.decode(in).format());
        assertEquals(p.grid().formatHouses(p.solution()), p.formatAnswer(target));
        assertEquals("A?B?C?|A?B?C?|A?B?C?|A?B?C?", p.formatAnswer(in), "nothing placed yet");
    }

    @Test
    void aTrainTestSplitKeepsAugmentedCopiesApart() {
        Dataset d = Dataset.generate(new LogicGridTask(4, 0), 120, 40, new SplittableRandom(2));
        Set<String> train = new HashSet<>();
        d.train().forEach(p -> train.add(p.fingerprint()));
        d.test().forEach(p -> assertFalse(train.contains(p.fingerprint())));
        d.test().forEach(p -> assertFalse(train.contains(p.augment(new SplittableRandom(3)).fingerprint())));
        assertEquals(160, train.size() + d.test().size());
    }

    @Test
    void theTaskNameReadsBack() {
        assertEquals(new TaskName(TaskName.Family.LOGIC, 4), TaskName.parse("logic4"));
        assertEquals("logic5", Task.named("logic5").name());
        assertEquals(15 + 3 * 15, Task.named("logic5").sequenceLength());
        assertThrows(BadInputException.class, () -> TaskName.parse("logic9"));
    }
}
