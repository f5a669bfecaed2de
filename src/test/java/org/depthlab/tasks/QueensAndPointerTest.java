package org.depthlab.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.junit.jupiter.api.Test;

/** The N-Queens and pointer-chasing text formats, coverage, and bad input. */
class QueensAndPointerTest {

    @Test
    void queensBoardRoundTripsAndRejectsBadBoards() {
        Queens q = Queens.parse(".Q..............");
        assertEquals(".Q..............", q.format());
        assertEquals(1, q.queenCount());
        BadInputException e = assertThrows(BadInputException.class, () -> Queens.parse("QQ.............."));
        assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("two queens"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Queens.parse("Q....Q.........."));
        assertTrue(e.getMessage().contains("attack"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Queens.parse("Q.............."));
        assertTrue(e.getMessage().contains("15 characters"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Queens.parse("Qx.............."));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> QueensPuzzle.of(Queens.parse("Q...............")));
        assertTrue(e.getMessage().contains("no completion"), e.getMessage());
    }

    @Test
    void coverageCountsDistinctCorrectCompletions() {
        QueensPuzzle p = QueensPuzzle.of(Queens.empty(6)); // 4 solutions
        List<Queens> all = p.completions();
        assertEquals(4, all.size());
        List<int[]> answers = new ArrayList<>();
        answers.add(p.targetTokens());
        answers.add(p.targetTokens()); // a repeat counts once
        answers.add(new int[] {2, 2, 2, 2, 2, 2}); // wrong, counts nothing
        assertEquals(0.25, p.coverage(answers), 1e-12);
        for (Queens s : all) {
            answers.add(QueensPuzzle.of(s).targetTokens());
        }
        assertEquals(1.0, p.coverage(answers), 1e-12);
    }

    @Test
    void generatedQueensPuzzlesKeepTheRequestedQueens() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 20; i++) {
            QueensPuzzle p = new QueensTask(8, 3).generate(rng);
            assertEquals(3, p.board().queenCount());
            assertTrue(p.completions().size() >= 1);
        }
        assertThrows(BadInputException.class, () -> new QueensTask(3, 0).generate(rng));
    }

    @Test
    void pointerLineRoundTripsAndRejectsBadFields() {
        PointerPuzzle p = PointerPuzzle.parse("  hops=3 next=1,4,0,3,2   start=2 ");
        assertEquals("next=1,4,0,3,2 start=2 hops=3", p.format());
        assertEquals(4, p.answer()); // 2 -> 0 -> 1 -> 4
        BadInputException e = assertThrows(BadInputException.class, () -> PointerPuzzle.parse("next=1,0 start=0"));
        assertTrue(e.getMessage().contains("hops"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> PointerPuzzle.parse("next=1,5 start=0 hops=1"));
        assertTrue(e.getMessage().contains("next(1) = 5"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> PointerPuzzle.parse("next=1,a start=0 hops=1"));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> PointerPuzzle.parse("next=1,0 start=0 hops=1 colour=red"));
        assertTrue(e.getMessage().contains("colour=red"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> new PointerTask(3, 1).parse("next=1,0 start=0 hops=1"));
        assertTrue(e.getMessage().contains("3 nodes"), e.getMessage());
    }

    @Test
    void taskNamesParseAndBadOnesAreRejected() {
        assertEquals(new TaskName(TaskName.Family.SUDOKU, 9), TaskName.parse("sudoku9"));
        assertEquals(new TaskName(TaskName.Family.MAZE, 30), TaskName.parse("Maze30"));
        assertEquals(new TaskName(TaskName.Family.POINTER, 0), TaskName.parse("pointer"));
        assertEquals(new TaskName(TaskName.Family.QUEENS, 0), TaskName.parse("queens"));
        assertEquals("queens8", Task.named("queens8").name());
        for (String bad : new String[] {"sudoku5", "chess", "maze0", "pointer3", "queensx"}) {
            assertThrows(BadInputException.class, () -> TaskName.parse(bad), bad);
        }
        assertThrows(BadInputException.class, () -> Task.named("maze"));
    }

    @Test
    void puzzleTextSplitsLinesAndBlocksWithLineNumbers() {
        List<PuzzleText.Item> lines = PuzzleText.lines(List.of("  a ", "", "b\r"));
        assertEquals(List.of(new PuzzleText.Item(1, "a"), new PuzzleText.Item(3, "b")), lines);
        List<PuzzleText.Item> blocks = PuzzleText.blocks(List.of("", "##", "# ", "", "", "  ", "##\r"));
        assertEquals(List.of(new PuzzleText.Item(2, "##\n# "), new PuzzleText.Item(6, "  \n##")), blocks);
    }
}
