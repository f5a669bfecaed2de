package org.depthlab.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.GridPaths;

/**
 * Seeded maze generation with loops and a minimum path length.
 *
 * <ol>
 *   <li>Rooms sit on the odd cells (2i+1, 2j+1) that fit inside the border, everything else
 *       is wall (for an even size the last row and column are therefore wall as well).</li>
 *   <li>A perfect maze (one route between any two rooms): a randomised depth-first search
 *       over the rooms that knocks down the wall into each room it enters first — the
 *       "recursive backtracker".</li>
 *   <li>Loops: every wall between two neighbouring rooms that still stands is knocked down
 *       with probability {@code loops}, so that more than one route usually exists.</li>
 *   <li>S is a random room; G is drawn uniformly among the rooms at least {@code minPath}
 *       moves away from it (BFS). If there is none, a new maze is drawn.</li>
 * </ol>
 * The difficulty of a maze is its shortest-path length in moves; HRM's Maze-Hard keeps 30×30
 * mazes whose shortest path is longer than 110 ({@code minPath = 111}).
 *
 * @param size rows and columns, at least 5
 * @param minPath the least number of moves from S to G accepted
 * @param loops probability of opening each remaining wall between two rooms
 */
public record MazeGenerator(int size, int minPath, double loops) {

    /** The loop probability used when none is given. */
    public static final double DEFAULT_LOOPS = 0.1;

    /** Mazes tried for one puzzle before giving up on {@code minPath}. */
    public static final int MAX_ATTEMPTS = 1_000;

    public MazeGenerator {
        if (size < 5) {
            throw new BadInputException("a maze needs size 5 or more, not " + size + ".");
        }
        if (minPath < 0) {
            throw new BadInputException("--min-path must be at least 0, not " + minPath + ".");
        }
        if (!(loops >= 0 && loops <= 1)) {
            throw new IllegalArgumentException("loop probability " + loops + " outside [0, 1]");
        }
    }

    /**
     * The next maze from {@code rng}.
     *
     * @throws BadInputException if {@value #MAX_ATTEMPTS} mazes had no two rooms far enough apart
     */
    public MazePuzzle next(SplittableRandom rng) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            MazePuzzle p = attempt(rng);
            if (p != null) {
                return p;
            }
        }
        throw new BadInputException("no " + size + "×" + size + " maze with a shortest path of at least "
                + minPath + " moves turned up in " + MAX_ATTEMPTS + " tries; ask for a shorter --min-path.");
    }

    private MazePuzzle attempt(SplittableRandom rng) {
        int rooms = (size - 1) / 2;
        boolean[] open = new boolean[size * size];
        boolean[] visited = new boolean[rooms * rooms];
        int[] stack = new int[rooms * rooms];
        int top = 0;
        int first = rng.nextInt(rooms * rooms);
        stack[top++] = first;
        visited[first] = true;
        open[cellOf(first, rooms)] = true;
        int[] choices = new int[4];
        while (top > 0) {
            int room = stack[top - 1];
            int k = 0;
            for (int nb : neighbours(room, rooms)) {
                if (nb >= 0 && !visited[nb]) {
                    choices[k++] = nb;
                }
            }
            if (k == 0) {
                top--;
                continue;
            }
            int nb = choices[rng.nextInt(k)];
            visited[nb] = true;
            open[cellOf(nb, rooms)] = true;
            open[between(room, nb, rooms)] = true;
            stack[top++] = nb;
        }
        List<Integer> standing = new ArrayList<>();
        for (int room = 0; room < rooms * rooms; room++) {
            for (int nb : neighbours(room, rooms)) {
                if (nb > room && !open[between(room, nb, rooms)]) {
                    standing.add(between(room, nb, rooms));
                }
            }
        }
        int opened = 0;
        for (int wall : standing) {
            if (rng.nextDouble() < loops) {
                open[wall] = true;
                opened++;
            }
        }
        if (loops > 0 && opened == 0 && !standing.isEmpty()) {
            open[standing.get(rng.nextInt(standing.size()))] = true;
        }
        int start = cellOf(rng.nextInt(rooms * rooms), rooms);
        int[] dist = GridPaths.distances(open, size, start);
        List<Integer> far = new ArrayList<>();
        for (int room = 0; room < rooms * rooms; room++) {
            int cell = cellOf(room, rooms);
            if (cell != start && dist[cell] >= minPath) {
                far.add(cell);
            }
        }
        if (far.isEmpty()) {
            return null;
        }
        int goal = far.get(rng.nextInt(far.size()));
        return MazePuzzle.of(new Maze(size, open, start, goal));
    }

    /** The grid cell of room index i (rooms numbered row-major on the room lattice). */
    private int cellOf(int room, int rooms) {
        return (2 * (room / rooms) + 1) * size + 2 * (room % rooms) + 1;
    }

    /** The wall cell between two neighbouring rooms. */
    private int between(int a, int b, int rooms) {
        return (cellOf(a, rooms) + cellOf(b, rooms)) / 2;
    }

    /** Up, right, down, left neighbours of a room on the lattice, −1 off the edge. */
    private static int[] neighbours(int room, int rooms) {
        int r = room / rooms;
        int c = room % rooms;
        return new int[] {
            r > 0 ? room - rooms : -1,
            c < rooms - 1 ? room + 1 : -1,
            r < rooms - 1 ? room + rooms : -1,
            c > 0 ? room - 1 : -1};
    }
}
