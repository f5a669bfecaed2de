package org.depthlab.tasks;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a puzzle file into items, remembering where each begins so that an error can name
 * its line (1-based).
 *
 * <p>Two layouts: <i>one per line</i> (Sudoku, pointer chasing, N-Queens) — surrounding
 * whitespace is ignored and blank lines are skipped; and <i>blocks</i> (mazes) — a puzzle is a
 * run of lines and puzzles are separated by empty lines. A line of spaces is not empty in a
 * block file: it is a maze row with no walls. A trailing carriage return is dropped in both.
 */
public final class PuzzleText {

    private PuzzleText() {
    }

    /**
     * One puzzle's text.
     *
     * @param line the 1-based line where it begins
     * @param text the puzzle (one line, trimmed) or the rows of a block joined by '\n'
     */
    public record Item(int line, String text) {
    }

    /** Items of a file with one puzzle per line. */
    public static List<Item> lines(List<String> lines) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (!t.isEmpty()) {
                items.add(new Item(i + 1, t));
            }
        }
        return items;
    }

    /** Items of a file of blocks separated by empty lines. */
    public static List<Item> blocks(List<String> lines) {
        List<Item> items = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        int first = -1;
        for (int i = 0; i <= lines.size(); i++) {
            String l = i < lines.size() ? stripCarriageReturn(lines.get(i)) : "";
            if (l.isEmpty()) {
                if (first >= 0) {
                    items.add(new Item(first, block.toString()));
                    block.setLength(0);
                    first = -1;
                }
                continue;
            }
            if (first < 0) {
                first = i + 1;
            } else {
                block.append('\n');
            }
            block.append(l);
        }
        return items;
    }

    private static String stripCarriageReturn(String l) {
        return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
    }
}
