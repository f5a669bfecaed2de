package org.depthlab.site;

import io.javalin.http.Context;
import java.util.Map;

/** Every page's frame: the navigation, the stylesheet and script, and the page's own content. */
final class Layout {

    private final Template frame = Template.load("layout");

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
