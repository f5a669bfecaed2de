package org.depthlab.site;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown to HTML with CommonMark (the book's chapters, an exercise's instructions and
 * hints). Raw HTML in the Markdown is escaped and unsafe link schemes are dropped, so even a
 * Markdown file is shown as text and links, never as script.
 */
public final class Markdown {

    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    /** The HTML of {@code markdown}. */
    public Html.Safe toHtml(String markdown) {
        return new Html.Safe(renderer.render(parser.parse(markdown)));
    }
}
