package org.depthlab.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How LaTeX is taken out of the Markdown before it is parsed, and put back after. */
class MathSpansTest {

    @Test
    void inlineAndDisplayMathAreTakenOut() {
        MathSpans.Extracted e = MathSpans.extract("depth is $N \\cdot T$ here, and\n\n$$a_b^*$$\n");
        assertEquals(List.of(new MathSpans.Span("N \\cdot T", false), new MathSpans.Span("a_b^*", true)), e.spans());
        assertEquals("depth is " + MathSpans.placeholder(0) + " here, and\n\n" + MathSpans.placeholder(1) + "\n", e.markdown());
    }

    @Test
    void displayMathMaySpanLines() {
        MathSpans.Extracted e = MathSpans.extract("$$\nx = 1,\n\\quad y = 2\n$$\nafter");
        assertEquals(1, e.spans().size());
        assertEquals("x = 1,\n\\quad y = 2", e.spans().get(0).tex());
        assertTrue(e.spans().get(0).display());
        assertTrue(e.markdown().endsWith("\nafter"), e.markdown());
    }

    @Test
    void codeAndPlainDollarsAreLeftAlone() {
        String text = "```sh\n$ ./depthlab tour $x$\n```\nuse `$a$` and pay $5 and $6, or \\$7\n";
        MathSpans.Extracted e = MathSpans.extract(text);
        assertTrue(e.spans().isEmpty(), e.spans().toString());
        assertEquals(text, e.markdown());
    }

    @Test
    void restoredMathIsEscapedAndDisplayLosesItsParagraph() {
        List<MathSpans.Span> spans = List.of(new MathSpans.Span("a<b", false), new MathSpans.Span("x", true));
        String html = "<p>so " + MathSpans.placeholder(0) + "</p>\n<p>" + MathSpans.placeholder(1) + "</p>";
        assertEquals("<p>so <span class=\"math inline\">a&lt;b</span></p>\n<div class=\"math display\">x</div>",
                MathSpans.restore(html, spans, s -> s.replace("<", "&lt;")));
    }
}
