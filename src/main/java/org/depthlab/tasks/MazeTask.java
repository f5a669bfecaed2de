package org.depthlab.tasks;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;

/**
 * Square mazes of one size: generation by {@link MazeGenerator}, the text format of
 * {@link Maze} (blocks separated by empty lines), and the HRM token layout of
 * {@link MazePuzzle}.
 *
 * @param size rows and columns
 * @param minPath the least shortest-path length (moves) of a generated maze
 * @param loops the probability of opening each remaining wall between rooms
 */
public record MazeTask(int size, int minPath, double loops) implements Task {

    public MazeTask {
        new MazeGenerator(size, minPath, loops); // validates the settings
    }

    @Override
    public String name() {
        return "maze" + size;
    }

    @Override
    public int sequenceLength() {
        return size * size;
    }

    @Override
    public int vocabularySize() {
        return 6;
    }

    @Override
    public MazePuzzle generate(SplittableRandom rng) {
        return new MazeGenerator(size, minPath, loops).next(rng);
    }

    @Override
    public MazePuzzle parse(String text) {
        Maze m = Maze.parse(text);
        if (m.size() != size) {
            throw new BadInputException("expected a " + size + "×" + size + " maze but got " + m.size() + "×" + m.size() + ".");
        }
        return MazePuzzle.of(m);
    }

    @Override
    public MazePuzzle decode(int[] inputTokens) {
        Tokens.requireLength(this, inputTokens);
        return MazePuzzle.of(MazePuzzle.mazeOf(size, inputTokens));
    }

    @Override
    public boolean isMultiLine() {
        return true;
    }
}
