package org.depthlab.site;

import io.javalin.http.Context;
import java.util.Map;

/**
 * Every page's frame: the navigation, the stylesheets and scripts (KaTeX for the math among
 * them), and the page's own content. The site's frame links the exercises' progress and the
 * demo; the static book's frame ({@link #staticBook()}) only the book itself.
 */
final class Layout {

    private final Template frame;

    /** The site's frame. */
    Layout() {
        this(Template.load("layout"));
    }

    private Layout(Template frame) {
        this.frame = frame;
    }

    /** The static book's frame: contents, references and search, nothing that needs the server. */
    static Layout staticBook() {
        return new Layout(Template.load("static-layout"));
    }

    /** A page titled {@code title} around {@code body}. */
    Html.Safe page(String title, Html.Safe body) {
        return page(title, Html.EMPTY, body);
    }

    /** A page with extra elements in its head (a refresh, for instance). */
    Html.Safe page(String title, Html.Safe head, Html.Safe body) {
        return frame.render(Map.of("title", title, "head", head, "body", body));
    }

    /** Sends a page as UTF-8 HTML that no cache keeps (pages show a visitor's own progress). */
    static void send(Context ctx, Html.Safe page) {
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(page.html());
    }
}
