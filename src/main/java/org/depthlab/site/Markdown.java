package org.depthlab.site;

import java.util.List;
import java.util.function.UnaryOperator;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.depthlab.book.MathSpans;

/**
 * Markdown to HTML with CommonMark (the book's chapters, an exercise's instructions and
 * hints), with tables, ids on headings (so that sections can be linked) and LaTeX math
 * ({@link MathSpans}). Raw HTML in the Markdown is escaped and unsafe link schemes are
 * dropped, so even a Markdown file is shown as text and links, never as script.
 *
 * <p>Links and images can be rewritten on the way: the chapters link each other, the
 * exercises, figures and source files by their paths in the project (so the Markdown reads
 * as it should on its own), and the site or the static book turns those paths into its own
 * addresses.
 */
public final class Markdown {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), HeadingAnchorExtension.create());

    private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();
    private final HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true)
            .sanitizeUrls(true).build();

    /** The HTML of {@code markdown}, links as written. */
    public Html.Safe toHtml(String markdown) {
        return toHtml(markdown, UnaryOperator.identity());
    }

    /** The HTML of {@code markdown}, with every link and image destination passed through {@code links}. */
    public Html.Safe toHtml(String markdown, UnaryOperator<String> links) {
        MathSpans.Extracted math = MathSpans.extract(markdown);
        Node document = parser.parse(math.markdown());
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                link.setDestination(links.apply(link.getDestination()));
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                image.setDestination(links.apply(image.getDestination()));
                visitChildren(image);
            }
        });
        return new Html.Safe(MathSpans.restore(renderer.render(document), math.spans(), Html::escape));
    }

    /**
     * {@code markdown} without a first-level title of its own, for where the title is shown
     * apart: a page's one {@code h1}, the first line {@code exercise show} prints.
     */
    public static String withoutTitle(String markdown) {
        String text = markdown.stripLeading();
        if (!text.startsWith("# ")) {
            return markdown;
        }
        int end = text.indexOf('\n');
        return end < 0 ? "" : text.substring(end + 1);
    }
}
