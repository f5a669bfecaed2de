package org.depthlab.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.decode.Lr2BenchMetrics;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** LR²Bench's subtasks per task, and its four metrics over answers. */
class SubtasksTest {

    @Test
    void aSudokuRowIsASubtask() {
        SudokuPuzzle p = new SudokuTask(Sudoku.Shape.FOUR, 0, 0).generate(new SplittableRandom(1));
        int[] answer = p.targetTokens();
        assertEquals(new Subtasks.Score(4, 4, 4), Subtasks.score(p, answer).orElseThrow());
        answer[5] = answer[5] == 2 ? 3 : 2; // one wrong digit in row 2
        assertEquals(new Subtasks.Score(4, 4, 3), Subtasks.score(p, answer).orElseThrow());
        answer[15] = Tokens.PAD; // row 4 left unfinished
        assertEquals(new Subtasks.Score(4, 3, 2), Subtasks.score(p, answer).orElseThrow());
        assertEquals("a row of the grid", Subtasks.unit(p).orElseThrow());
    }

    @Test
    void aLogicGridHouseIsASubtaskWithAllItsValues() {
        LogicGridPuzzle p = new LogicGridTask(4, 0).parse(LogicGridTest.PUZZLE);
        int[] answer = p.targetTokens();
        assertEquals(new Subtasks.Score(4, 4, 4), Subtasks.score(p, answer).orElseThrow());
        // Swap the houses of A1 and A2: the two houses they were in become wrong.
        int t = answer[0];
        answer[0] = answer[1];
        answer[1] = t;
        assertEquals(new Subtasks.Score(4, 4, 2), Subtasks.score(p, answer).orElseThrow());
        answer[0] = Tokens.PAD; // A1 nowhere: its reference house has no A value
        assertEquals(new Subtasks.Score(4, 3, 2), Subtasks.score(p, answer).orElseThrow());
    }

    @Test
    void aQueensAnswerIsComparedWithTheCompletionNearestIt() {
        QueensPuzzle p = QueensPuzzle.of(Queens.empty(6)); // four completions
        for (Queens q : p.completions()) {
            int[] t = QueensPuzzle.of(q).targetTokens();
            assertEquals(new Subtasks.Score(6, 6, 6), Subtasks.score(p, t).orElseThrow(), "any completion is right");
            t[0] = Tokens.BLANK;
            assertEquals(new Subtasks.Score(6, 5, 5), Subtasks.score(p, t).orElseThrow());
        }
    }

    @Test
    void mazesHaveNoSubtasks() {
        Puzzle maze = new MazeTask(7, 0, 0.1).generate(new SplittableRandom(1));
        assertTrue(Subtasks.score(maze, maze.targetTokens()).isEmpty());
        assertTrue(Lr2BenchMetrics.of(List.of(maze), List.of(maze.targetTokens())).isEmpty());
    }

    /**
     * On any answers: 0 ≤ S-Acc ≤ CR ≤ 1 (a correct subtask is answered), EM ≤ PM-0.5, and an
     * exactly right answer has every subtask right.
     */
    @Test
    void theMetricsAreOrderedOnAnyAnswers() {
        Props.qt(40).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            Task task = List.of(Task.named("sudoku4"), Task.named("futoshiki4"), Task.named("logic4"),
                    Task.named("queens6")).get(rng.nextInt(4));
            Puzzle p = task.generate(rng);
            int[] answer = p.targetTokens();
            double noise = rng.nextDouble();
            for (int i = 0; i < answer.length; i++) {
                if (rng.nextDouble() < noise) {
                    answer[i] = rng.nextInt(p.vocabularySize());
                }
            }
            Subtasks.Score s = Subtasks.score(p, answer).orElseThrow();
            assertTrue(0 <= s.correct() && s.correct() <= s.answered() && s.answered() <= s.total(), s.toString());
            if (p.isCorrect(answer)) {
                assertEquals(s.total(), s.correct());
            }
            Lr2BenchMetrics.Result m = Lr2BenchMetrics.of(List.of(p, p), List.of(answer, p.targetTokens())).orElseThrow();
            assertTrue(m.subtaskAccuracy() <= m.completionRatio() && m.exactMatch() <= m.partialMatch(), m.toString());
            assertEquals((s.accuracy() + 1) / 2, m.subtaskAccuracy(), 1e-12);
            assertEquals(p.isCorrect(answer) ? 1.0 : 0.5, m.exactMatch(), 0.0, Arrays.toString(answer));
        });
    }
}
