package org.depthlab.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.depthlab.BadInputException;

/**
 * A logic grid puzzle in the style of Einstein's zebra puzzle — the "logic puzzle" of
 * LR²Bench's logical family (Chen et al. 2025, book/references.md [LR2Bench]): N houses in a
 * row, M categories of attributes (colour, pet, drink, …) with N values each, every value in
 * exactly one house and every house holding one value of each category; clues relate values.
 * Its CSP is {@link LogicGridCsp}: one variable per value, its house.
 *
 * <p><b>Names.</b> Categories are letters A, B, C, …; value v of category A is {@code A1} …
 * {@code AN}; houses are numbered 1..N from the left. Internally an attribute is the index
 * {@code category·N + value} (0-based) and a house is 0..N−1.
 *
 * <p><b>Clues</b> — the kinds of the classical puzzle, each a relation between two houses:
 * <pre>
 *   A1=B2   A1 and B2 are in the same house          house(a) = house(b)
 *   A1!B2   they are in different houses             house(a) ≠ house(b)
 *   A1&lt;B2   A1 is somewhere to the left of B2        house(a) &lt; house(b)
 *   A1-B2   A1 is directly to the left of B2         house(a) + 1 = house(b)
 *   A1~B2   A1 and B2 are next to each other         |house(a) − house(b)| = 1
 *   A1@3    A1 is in house 3                         house(a) = 2 (0-based)
 * </pre>
 *
 * <p><b>Text.</b> One line: the size {@code NxM} (houses × categories), then the clues
 * separated by spaces, e.g. {@code 4x3 A1=B2 C3@1 A2-C1}.
 *
 * @param houses     N, 3..6
 * @param categories M, 2..4
 * @param clues      the clues, in order
 */
public record LogicGrid(int houses, int categories, List<Clue> clues) {

    /** The fewest and most houses a grid may have. */
    public static final int MIN_HOUSES = 3;
    /** The most houses. */
    public static final int MAX_HOUSES = 6;
    /** The fewest categories. */
    public static final int MIN_CATEGORIES = 2;
    /** The most categories. */
    public static final int MAX_CATEGORIES = 4;

    /** The kinds of clue, with their symbol; a kind's code in tokens is its ordinal + 1 (0: no clue). */
    public enum Kind {
        SAME("="), DIFFERENT("!"), LEFT_OF("<"), DIRECTLY_LEFT("-"), NEXT_TO("~"), AT("@");

        private final String symbol;

        Kind(String symbol) {
            this.symbol = symbol;
        }

        /** The clue's symbol in the text format. */
        public String symbol() {
            return symbol;
        }

        /** The code of this kind in the token layout: 1..6. */
        public int code() {
            return ordinal() + 1;
        }

        /** Whether houses {@code ha} of the first operand and {@code hb} of the second obey it ({@code hb} = k for AT). */
        public boolean holds(int ha, int hb) {
            switch (this) {
                case SAME: case AT: return ha == hb;
                case DIFFERENT: return ha != hb;
                case LEFT_OF: return ha < hb;
                case DIRECTLY_LEFT: return ha + 1 == hb;
                case NEXT_TO: return Math.abs(ha - hb) == 1;
                default: throw new AssertionError(this);
            }
        }
    }

    /**
     * One clue.
     *
     * @param kind what it says
     * @param a    the first attribute
     * @param b    the second attribute, or the house for {@link Kind#AT}
     */
    public record Clue(Kind kind, int a, int b) {
    }

    public LogicGrid {
        if (houses < MIN_HOUSES || houses > MAX_HOUSES || categories < MIN_CATEGORIES || categories > MAX_CATEGORIES) {
            throw new IllegalArgumentException(houses + " houses, " + categories + " categories");
        }
        clues = List.copyOf(clues);
        for (Clue c : clues) {
            int bound = c.kind() == Kind.AT ? houses : houses * categories;
            if (c.a() < 0 || c.a() >= houses * categories || c.b() < 0 || c.b() >= bound) {
                throw new IllegalArgumentException("clue " + c + " outside a " + houses + "x" + categories + " grid");
            }
        }
    }

    /** The number of attributes, N·M: the answer's positions. */
    public int attributes() {
        return houses * categories;
    }

    /** The category of attribute {@code a}. */
    public int categoryOf(int a) {
        return a / houses;
    }

    /** The name of attribute {@code a}, e.g. "B3". */
    public String name(int a) {
        return String.valueOf((char) ('A' + a / houses)) + (a % houses + 1);
    }

    /**
     * Reads the one-line format.
     *
     * @throws BadInputException naming the problem: a bad size, an unknown clue, an attribute
     *     or house outside the grid
     */
    public static LogicGrid parse(String line) {
        String[] parts = line.strip().split("\\s+");
        String head = parts[0].toLowerCase(Locale.ROOT);
        int x = head.indexOf('x');
        int houses;
        int categories;
        try {
            houses = x > 0 ? Integer.parseInt(head.substring(0, x)) : -1;
            categories = x > 0 ? Integer.parseInt(head.substring(x + 1)) : -1;
        } catch (NumberFormatException e) {
            houses = -1;
            categories = -1;
        }
        if (houses < MIN_HOUSES || houses > MAX_HOUSES || categories < MIN_CATEGORIES || categories > MAX_CATEGORIES) {
            throw new BadInputException("a logic grid line starts with its size NxM (" + MIN_HOUSES + ".." + MAX_HOUSES
                    + " houses, " + MIN_CATEGORIES + ".." + MAX_CATEGORIES + " categories), e.g. 4x3, not '" + parts[0]
                    + "'.");
        }
        List<Clue> clues = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            clues.add(parseClue(parts[i], houses, categories));
        }
        return new LogicGrid(houses, categories, clues);
    }

    private static Clue parseClue(String text, int houses, int categories) {
        for (Kind k : Kind.values()) {
            int at = text.indexOf(k.symbol(), 1);
            if (at < 0) {
                continue;
            }
            int a = attribute(text.substring(0, at), text, houses, categories);
            String rest = text.substring(at + 1);
            if (k == Kind.AT) {
                int h = rest.matches("[0-9]") ? Integer.parseInt(rest) : -1;
                if (h < 1 || h > houses) {
                    throw new BadInputException("clue '" + text + "': the house must be 1.." + houses + ".");
                }
                return new Clue(k, a, h - 1);
            }
            return new Clue(k, a, attribute(rest, text, houses, categories));
        }
        throw new BadInputException("'" + text + "' is not a clue; expected e.g. A1=B2, A1!B2, A1<B2, A1-B2, A1~B2"
                + " or A1@3.");
    }

    private static int attribute(String s, String clue, int houses, int categories) {
        if (s.length() == 2) {
            int c = Character.toUpperCase(s.charAt(0)) - 'A';
            int v = s.charAt(1) - '1';
            if (c >= 0 && c < categories && v >= 0 && v < houses) {
                return c * houses + v;
            }
        }
        throw new BadInputException("clue '" + clue + "': '" + s + "' is not an attribute A1.."
                + (char) ('A' + categories - 1) + houses + ".");
    }

    /** The one-line format. */
    public String format() {
        StringBuilder b = new StringBuilder().append(houses).append('x').append(categories);
        for (Clue c : clues) {
            b.append(' ').append(format(c));
        }
        return b.toString();
    }

    /** One clue as text, e.g. "A1=B2" or "C3@1". */
    public String format(Clue c) {
        return name(c.a()) + c.kind().symbol() + (c.kind() == Kind.AT ? Integer.toString(c.b() + 1) : name(c.b()));
    }

    /**
     * Whether {@code houseOf} (the house of every attribute) is a solution: each category puts
     * one value in every house, and every clue holds.
     */
    public boolean isSolution(int[] houseOf) {
        if (houseOf.length != attributes()) {
            return false;
        }
        for (int c = 0; c < categories; c++) {
            boolean[] used = new boolean[houses];
            for (int v = 0; v < houses; v++) {
                int h = houseOf[c * houses + v];
                if (h < 0 || h >= houses || used[h]) {
                    return false;
                }
                used[h] = true;
            }
        }
        for (Clue c : clues) {
            int hb = c.kind() == Kind.AT ? c.b() : houseOf[c.b()];
            if (!c.kind().holds(houseOf[c.a()], hb)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The houses of an assignment, left to right, each as its attributes in category order,
     * e.g. {@code A2B1C3|A1B3C2|…}; a category with no value, or more than one, in a house shows
     * as {@code A?}.
     */
    public String formatHouses(int[] houseOf) {
        StringBuilder b = new StringBuilder();
        for (int h = 0; h < houses; h++) {
            b.append(h == 0 ? "" : "|");
            for (int c = 0; c < categories; c++) {
                int found = -1;
                int count = 0;
                for (int v = 0; v < houses; v++) {
                    if (houseOf[c * houses + v] == h) {
                        found = v;
                        count++;
                    }
                }
                b.append((char) ('A' + c)).append(count == 1 ? Integer.toString(found + 1) : "?");
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
