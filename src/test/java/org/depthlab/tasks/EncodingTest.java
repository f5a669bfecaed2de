package org.depthlab.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** Token encodings: the HRM conventions, fixed lengths, decoding back, and the verifiers. */
class EncodingTest {


    static final List<Task> TASKS = List.of(
            new SudokuTask(Sudoku.Shape.FOUR, 0, 0), new SudokuTask(Sudoku.Shape.SIX, 0, 0),
            new SudokuTask(Sudoku.Shape.NINE, 0, 0), new MazeTask(9, 0, 0.1), new MazeTask(12, 10, 0.2),
            new PointerTask(12, 5), new QueensTask(6, 1), new QueensTask(8, 2));

    @Test
    void sudokuTokensFollowHrm() {
        SudokuPuzzle p = SudokuPuzzle.of(Sudoku.parse(KnownPuzzles.INKALA));
        int[] in = p.inputTokens();
        assertEquals(81, in.length);
        assertEquals(11, p.vocabularySize());
        assertEquals(9, in[0]); // digit 8 -> token 9
        assertEquals(1, in[1]); // blank -> 1
        int[] target = p.targetTokens();
        for (int i = 0; i < 81; i++) {
            assertEquals(p.solution().cell(i) + 1, target[i]);
        }
    }

    @Test
    void mazeTokensFollowHrm() {
        MazePuzzle p = MazePuzzle.of(Maze.parse("#####\n#S  #\n### #\n#G  #\n#####"));
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 3, 2, 2, 1, 1, 1, 1, 2, 1, 1, 4, 2, 2, 1, 1, 1, 1, 1, 1},
                p.inputTokens());
        assertEquals("#####\n#Soo#\n###o#\n#Goo#\n#####", p.formatAnswer(p.targetTokens()));
        assertEquals(6, p.pathLength());
    }

    @Test
    void pointerTokensLabelOnlyTheAnswerSlot() {
        PointerPuzzle p = PointerPuzzle.parse("next=1,2,0,0 start=0 hops=4");
        assertEquals(1, p.answer()); // 0 -> 1 -> 2 -> 0 -> 1
        assertArrayEquals(new int[] {3, 4, 2, 2, 2, 1}, p.inputTokens());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 3}, p.targetTokens());
        assertEquals("1", p.formatAnswer(p.targetTokens()));
    }

    @Test
    void queensTokensAreColumnsPlusTwo() {
        QueensPuzzle p = QueensPuzzle.of(Queens.parse(".Q.............."));
        assertArrayEquals(new int[] {3, 1, 1, 1}, p.inputTokens());
        assertArrayEquals(new int[] {3, 5, 2, 4}, p.targetTokens());
        assertEquals(".Q.....QQ.....Q.", p.formatAnswer(p.targetTokens()));
    }

    // Claim: for every task, tokens have the task's length and vocabulary, decoding the input
    // tokens gives the puzzle back, the text format reads back to the same puzzle, the
    // reference answer is correct and a corrupted answer is not.
    @Test
    void tokensDecodeBackAndTheReferenceIsCorrect() {
        Props.qt(80)
                .forAll(integers().between(0, TASKS.size() - 1), longs().all()).checkAssert((k, seed) -> {
                    Task task = TASKS.get(k);
                    SplittableRandom rng = new SplittableRandom(seed);
                    Puzzle p = task.generate(rng);
                    int[] in = p.inputTokens();
                    int[] target = p.targetTokens();
                    assertEquals(task.sequenceLength(), in.length);
                    assertEquals(task.sequenceLength(), target.length);
                    assertEquals(task.vocabularySize(), p.vocabularySize());
                    assertEquals(task.name(), p.taskName());
                    for (int i = 0; i < in.length; i++) {
                        assertTrue(in[i] > 0 && in[i] < task.vocabularySize(), "input token " + in[i]);
                        assertTrue(target[i] >= 0 && target[i] < task.vocabularySize(), "target token " + target[i]);
                    }
                    assertArrayEquals(in, task.decode(in).inputTokens());
                    assertArrayEquals(in, task.parse(p.format()).inputTokens());
                    assertTrue(p.isCorrect(target), p.format());
                    int[] wrong = corrupt(target, p, rng);
                    assertFalse(p.isCorrect(wrong), p.format() + " accepted " + p.formatAnswer(wrong));
                    assertFalse(p.isCorrect(new int[target.length + 1]));
                });
    }

    /** The reference answer with one labelled position changed to another token. */
    private static int[] corrupt(int[] target, Puzzle p, SplittableRandom rng) {
        int[] wrong = target.clone();
        int i;
        do {
            i = rng.nextInt(wrong.length);
        } while (wrong[i] == Tokens.PAD);
        int t;
        do {
            t = 1 + rng.nextInt(p.vocabularySize() - 1);
        } while (t == wrong[i] || (p instanceof MazePuzzle && t == MazePuzzle.OPEN && wrong[i] == MazePuzzle.PATH));
        wrong[i] = t;
        return wrong;
    }
}
