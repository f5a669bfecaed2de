package org.depthlab.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the book's code markers find a method, a type or a region in a source file. */
class SourceRegionsTest {

    private static final String SOURCE = """
            package p;

            /** A class. */
            final class Example {

                private int count;

                Example(int count) {
                    this.count = count;
                }

                /** Adds one. */
                @Deprecated
                int next() {
                    String brace = "}"; // a brace in a string does not end the method
                    char c = '{';
                    return count + 1;
                }

                int twice(int x) {
                    return 2 * next() + x;
                }

                int twice(int x, int y) {
                    return twice(x) + y;
                }

                // region loop
                void loop() {
                }
                // endregion

                record Pair(int a, int b) {
                }

                interface Step {
                    double apply(double x);
                }
            }
            """;

    @Test
    void aMethodComesWithItsJavadocAndAnnotationsAndEndsAtItsClosingBrace() throws Exception {
        String code = SourceRegions.find(SOURCE, "next");
        assertEquals("""
                /** Adds one. */
                @Deprecated
                int next() {
                    String brace = "}"; // a brace in a string does not end the method
                    char c = '{';
                    return count + 1;
                }
                """, code);
    }

    @Test
    void aCallIsNotADeclaration() throws Exception {
        // next() is called inside twice; only its declaration is found.
        assertTrue(SourceRegions.find(SOURCE, "next").startsWith("/** Adds one. */"));
    }

    @Test
    void overloadsAreChosenByPosition() throws Exception {
        SourceRegions.NotFound ambiguous = assertThrows(SourceRegions.NotFound.class, () -> SourceRegions.find(SOURCE, "twice"));
        assertTrue(ambiguous.getMessage().contains("declared 2 times"), ambiguous.getMessage());
        assertTrue(SourceRegions.find(SOURCE, "twice:1").contains("return 2 * next() + x;"));
        assertTrue(SourceRegions.find(SOURCE, "twice:2").contains("return twice(x) + y;"));
        assertThrows(SourceRegions.NotFound.class, () -> SourceRegions.find(SOURCE, "twice:3"));
    }

    @Test
    void constructorsTypesAndRegionsAreFound() throws Exception {
        assertEquals("Example(int count) {\n    this.count = count;\n}\n", SourceRegions.find(SOURCE, "Example:2"));
        assertEquals("record Pair(int a, int b) {\n}\n", SourceRegions.find(SOURCE, "Pair"));
        assertTrue(SourceRegions.find(SOURCE, "Step").startsWith("interface Step {"));
        // A region by that name wins over the method of the same name.
        assertEquals("void loop() {\n}\n", SourceRegions.find(SOURCE, "loop"));
    }

    @Test
    void aMissingNameIsReportedWithTheReason() {
        SourceRegions.NotFound e = assertThrows(SourceRegions.NotFound.class, () -> SourceRegions.find(SOURCE, "nothing"));
        assertTrue(e.getMessage().contains("no method, type or region named 'nothing'"), e.getMessage());
    }
}
