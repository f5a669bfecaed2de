package org.depthlab.tasks;

import java.util.Arrays;
import org.depthlab.BadInputException;

/**
 * A square maze: open and wall cells, a start S and a goal G, moves up, down, left and right.
 *
 * <p><b>Text.</b> {@code size} lines of {@code size} characters: '#' a wall, ' ' (space) an
 * open cell, 'S' the start, 'G' the goal, and 'o' an open cell on a path. When a maze is read,
 * 'o' counts as open (the path is an answer, not part of the puzzle). A file holds several
 * mazes separated by one empty line; a line of spaces is a wall-less row, not a separator
 * (see {@link PuzzleText#blocks}). Since rows may end in spaces, keep trailing whitespace
 * when editing such files.
 */
public record Maze(int size, boolean[] open, int start, int goal) {

    /** The characters of the text format, in token order: '#' is token 1 … 'o' token 5. */
    public static final String CHARSET = "# SGo";

    public Maze {
        if (size < 2 || open.length != size * size) {
            throw new IllegalArgumentException("a maze of size " + size + " with " + open.length + " cells");
        }
        open = open.clone();
        if (start == goal || !open[start] || !open[goal]) {
            throw new IllegalArgumentException("start and goal must be distinct open cells");
        }
    }

    /**
     * Reads a maze from its rows (joined by '\n').
     *
     * @throws BadInputException naming the row and the problem: not square, a character
     *     outside "# SGo", or not exactly one S and one G
     */
    public static Maze parse(String block) {
        String[] rows = block.split("\n", -1);
        int size = rows.length;
        if (size < 2) {
            throw new BadInputException("a maze needs at least 2 rows of '#', ' ', 'S', 'G', 'o' but got " + size + ".");
        }
        boolean[] open = new boolean[size * size];
        int start = -1;
        int goal = -1;
        for (int r = 0; r < size; r++) {
            String row = rows[r].endsWith("\r") ? rows[r].substring(0, rows[r].length() - 1) : rows[r];
            if (row.length() != size) {
                throw new BadInputException("maze row " + (r + 1) + " has " + row.length()
                        + " characters but a maze of " + size + " rows must be " + size + " wide.");
            }
            for (int c = 0; c < size; c++) {
                char ch = row.charAt(c);
                int cell = r * size + c;
                switch (ch) {
                    case '#': break;
                    case ' ': case 'o': open[cell] = true; break;
                    case 'S':
                        if (start >= 0) {
                            throw new BadInputException("maze row " + (r + 1) + " has a second start 'S'.");
                        }
                        start = cell;
                        open[cell] = true;
                        break;
                    case 'G':
                        if (goal >= 0) {
                            throw new BadInputException("maze row " + (r + 1) + " has a second goal 'G'.");
                        }
                        goal = cell;
                        open[cell] = true;
                        break;
                    default:
                        throw new BadInputException("maze row " + (r + 1) + " column " + (c + 1) + " holds '" + ch
                                + "', expected one of '#', ' ', 'S', 'G', 'o'.");
                }
            }
        }
        if (start < 0 || goal < 0) {
            throw new BadInputException("the maze has no " + (start < 0 ? "start 'S'" : "goal 'G'") + ".");
        }
        return new Maze(size, open, start, goal);
    }

    /** A copy of the open cells. */
    @Override
    public boolean[] open() {
        return open.clone();
    }

    /** Whether a cell is open (S and G are open). */
    public boolean isOpen(int cell) {
        return open[cell];
    }

    /** The character of every cell, path cells (other than S and G) drawn as 'o'. */
    public char[] chars(boolean[] path) {
        char[] out = new char[size * size];
        for (int i = 0; i < out.length; i++) {
            out[i] = i == start ? 'S' : i == goal ? 'G' : !open[i] ? '#' : path != null && path[i] ? 'o' : ' ';
        }
        return out;
    }

    /** The text format without a path. */
    public String format() {
        return format(null);
    }

    /** The text format with the given cells drawn as 'o' (null for none). */
    public String format(boolean[] path) {
        return rowsOf(chars(path), size);
    }

    /** Joins characters into {@code size} rows separated by '\n'. */
    static String rowsOf(char[] cells, int size) {
        StringBuilder b = new StringBuilder(cells.length + size);
        for (int r = 0; r < size; r++) {
            if (r > 0) {
                b.append('\n');
            }
            b.append(cells, r * size, size);
        }
        return b.toString();
    }

    /** The maze under a symmetry of the square. */
    public Maze transform(Dihedral d) {
        boolean[] o = new boolean[open.length];
        for (int i = 0; i < open.length; i++) {
            o[d.map(i, size)] = open[i];
        }
        return new Maze(size, o, d.map(start, size), d.map(goal, size));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Maze && ((Maze) o).size == size && ((Maze) o).start == start
                && ((Maze) o).goal == goal && Arrays.equals(((Maze) o).open, open);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(open) * 31 + start * 7 + goal;
    }

    @Override
    public String toString() {
        return format();
    }
}
