package org.depthlab.tasks;

/** Two well-known hard puzzles for the tests of this package, typed from their published grids. */
final class KnownPuzzles {

    /** Arto Inkala's 2012 puzzle. */
    static final String INKALA =
            "8..........36......7..9.2...5...7.......457.....1...3...1....68..85...1..9....4..";

    /** AI Escargot (Arto Inkala, 2006). */
    static final String ESCARGOT =
            "1....7.9..3..2...8..96..5....53..9...1..8...26....4...3......1..4......7..7...3..";

    private KnownPuzzles() {
    }
}
