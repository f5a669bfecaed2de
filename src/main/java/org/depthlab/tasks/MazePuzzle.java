package org.depthlab.tasks;

import java.util.Optional;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.Csp;
import org.depthlab.solve.GridPaths;

/**
 * A maze with a shortest S→G path, encoded as in HRM's Maze-Hard: one token per cell, the
 * character's index in "# SGo" plus one (PAD 0, '#' 1, ' ' 2, 'S' 3, 'G' 4, 'o' 5). The input
 * is the maze; the target is the maze with the path's interior drawn as 'o'. An answer is
 * correct if it keeps every wall, S and G and its 'o' cells form any shortest path
 * ({@link GridPaths#isShortestPath}).
 *
 * @param maze the maze
 * @param path a shortest path, S and G included (the BFS reference unless augmented)
 */
public record MazePuzzle(Maze maze, int[] path) implements Puzzle {

    /** Token of '#', a wall (the tokens are the index in {@link Maze#CHARSET} plus one). */
    public static final int WALL = 1;
    /** Token of ' ', an open cell off the path. */
    public static final int OPEN = 2;
    /** Token of 'S', the start. */
    public static final int START = 3;
    /** Token of 'G', the goal. */
    public static final int GOAL = 4;
    /** Token of 'o', an open cell on the path. */
    public static final int PATH = 5;

    public MazePuzzle {
        path = path.clone();
        int d = GridPaths.distances(maze.open(), maze.size(), maze.start())[maze.goal()];
        if (path.length != d + 1 || path[0] != maze.start() || path[path.length - 1] != maze.goal()
                || !GridPaths.isShortestPath(maze.open(), maze.size(), maze.start(), maze.goal(), interior(maze, path))) {
            throw new IllegalArgumentException("not a shortest path of the maze");
        }
    }

    /**
     * The maze with its BFS reference path.
     *
     * @throws BadInputException if G cannot be reached from S
     */
    public static MazePuzzle of(Maze maze) {
        int[] path = GridPaths.shortestPath(maze.open(), maze.size(), maze.start(), maze.goal());
        if (path.length == 0) {
            throw new BadInputException("the maze has no path from S to G.");
        }
        return new MazePuzzle(maze, path);
    }

    /** The maze that input tokens stand for ('o' read as open). */
    public static Maze mazeOf(int size, int[] tokens) {
        if (tokens.length != size * size) {
            throw new IllegalArgumentException("a " + size + "×" + size + " maze has " + size * size
                    + " tokens, not " + tokens.length);
        }
        char[] chars = new char[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            chars[i] = tokens[i] >= WALL && tokens[i] <= PATH ? Maze.CHARSET.charAt(tokens[i] - 1) : '?';
        }
        return Maze.parse(Maze.rowsOf(chars, size));
    }

    /** The number of moves on a shortest path: the difficulty of a maze. */
    public int pathLength() {
        return path.length - 1;
    }

    @Override
    public int[] path() {
        return path.clone();
    }

    private static boolean[] interior(Maze maze, int[] path) {
        boolean[] marked = new boolean[maze.size() * maze.size()];
        for (int i = 1; i < path.length - 1; i++) {
            marked[path[i]] = true;
        }
        return marked;
    }

    @Override
    public String taskName() {
        return "maze" + maze.size();
    }

    @Override
    public int sequenceLength() {
        return maze.size() * maze.size();
    }

    @Override
    public int vocabularySize() {
        return 6;
    }

    @Override
    public int[] inputTokens() {
        return tokens(maze.chars(null));
    }

    @Override
    public int[] targetTokens() {
        return tokens(maze.chars(interior(maze, path)));
    }

    private static int[] tokens(char[] chars) {
        int[] t = new int[chars.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = Maze.CHARSET.indexOf(chars[i]) + 1;
        }
        return t;
    }

    @Override
    public boolean isCorrect(int[] answerTokens) {
        if (answerTokens.length != sequenceLength()) {
            return false;
        }
        boolean[] marked = new boolean[answerTokens.length];
        int[] expected = inputTokens();
        for (int i = 0; i < answerTokens.length; i++) {
            int t = answerTokens[i];
            if (t == PATH && expected[i] == OPEN) {
                marked[i] = true;
            } else if (t != expected[i]) {
                return false;
            }
        }
        return GridPaths.isShortestPath(maze.open(), maze.size(), maze.start(), maze.goal(), marked);
    }

    @Override
    public MazePuzzle augment(SplittableRandom rng) {
        return transform(Dihedral.random(rng));
    }

    /** The maze and its path under one symmetry. */
    public MazePuzzle transform(Dihedral d) {
        int[] p = new int[path.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = d.map(path[i], maze.size());
        }
        return new MazePuzzle(maze.transform(d), p);
    }

    @Override
    public String format() {
        return maze.format();
    }

    /** The answer as maze text; tokens outside the vocabulary show as '?'. */
    @Override
    public String formatAnswer(int[] answerTokens) {
        char[] chars = new char[answerTokens.length];
        for (int i = 0; i < chars.length; i++) {
            int t = answerTokens[i];
            chars[i] = t >= WALL && t <= PATH ? Maze.CHARSET.charAt(t - 1) : '?';
        }
        return Maze.rowsOf(chars, maze.size());
    }

    /** The smallest text of the maze over the eight symmetries: an exact canonical form. */
    @Override
    public String fingerprint() {
        String best = null;
        for (Dihedral d : Dihedral.values()) {
            String s = maze.transform(d).format();
            if (best == null || s.compareTo(best) < 0) {
                best = s;
            }
        }
        return best;
    }

    @Override
    public Optional<Csp> constraints() {
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MazePuzzle && ((MazePuzzle) o).maze.equals(maze)
                && java.util.Arrays.equals(((MazePuzzle) o).path, path);
    }

    @Override
    public int hashCode() {
        return maze.hashCode() * 31 + java.util.Arrays.hashCode(path);
    }
}
