package org.depthlab.tasks;

import org.depthlab.BadInputException;

/**
 * A task name as typed on the command line: a family and, for the families that have one, a
 * size — {@code sudoku9}, {@code maze30}, {@code pointer}, {@code queens8}, {@code futoshiki5},
 * {@code logic4}. The size may be left out ({@code sudoku}, {@code maze}, {@code queens},
 * {@code futoshiki}, {@code logic}) where it can be read from the puzzle itself, as when
 * solving a file.
 *
 * @param family the kind of puzzle
 * @param size the size, or 0 when not given (always 0 for pointer chasing)
 */
public record TaskName(Family family, int size) {

    /** The kinds of puzzle. */
    public enum Family {
        SUDOKU("sudoku9", true), MAZE("maze30", false), POINTER("pointer", false), QUEENS("queens8", true),
        FUTOSHIKI("futoshiki5", true), LOGIC("logic4", true);

        private final String example;
        private final boolean constraints;

        Family(String example, boolean constraints) {
            this.example = example;
            this.constraints = constraints;
        }

        /** A typical name of this family, for messages. */
        public String example() {
            return example;
        }

        /**
         * Whether its puzzles are CSPs over their token positions ({@link Puzzle#constraints()}),
         * which the greedy decoder, constrained and backtracking decoding need.
         */
        public boolean hasConstraints() {
            return constraints;
        }
    }

    /**
     * Parses a name.
     *
     * @throws BadInputException for an unknown family or a malformed size
     */
    public static TaskName parse(String name) {
        String t = name.strip().toLowerCase(java.util.Locale.ROOT);
        for (Family f : Family.values()) {
            String prefix = f.name().toLowerCase(java.util.Locale.ROOT);
            if (!t.startsWith(prefix)) {
                continue;
            }
            String rest = t.substring(prefix.length());
            if (rest.isEmpty()) {
                return new TaskName(f, 0);
            }
            if (f != Family.POINTER && rest.matches("[0-9]{1,3}")) {
                int size = Integer.parseInt(rest);
                if (f == Family.SUDOKU && size != 4 && size != 6 && size != 9) {
                    break;
                }
                if (f == Family.FUTOSHIKI && (size < Futoshiki.MIN_SIZE || size > Futoshiki.MAX_SIZE)) {
                    break;
                }
                if (f == Family.LOGIC && (size < LogicGrid.MIN_HOUSES || size > LogicGrid.MAX_HOUSES)) {
                    break;
                }
                if (size > 0) {
                    return new TaskName(f, size);
                }
            }
            break;
        }
        if (t.startsWith("qp")) {
            // Quadratic programs are real numbers, not token puzzles: generate and solve read
            // them before asking for a TaskName, and a model learns them with 'iterate'.
            throw new BadInputException("task '" + name + "' is a quadratic program, not a puzzle: generate and solve"
                    + " read it, and 'depthlab iterate' trains and evaluates a model on it.");
        }
        throw new BadInputException("unknown task '" + name + "'; expected sudoku4, sudoku6, sudoku9, maze<N>, pointer,"
                + " queens<N>, futoshiki<N> (N = " + Futoshiki.MIN_SIZE + ".." + Futoshiki.MAX_SIZE + ") or logic<N> (N = "
                + LogicGrid.MIN_HOUSES + ".." + LogicGrid.MAX_HOUSES + ").");
    }

    @Override
    public String toString() {
        return family.name().toLowerCase(java.util.Locale.ROOT) + (size > 0 ? Integer.toString(size) : "");
    }
}
