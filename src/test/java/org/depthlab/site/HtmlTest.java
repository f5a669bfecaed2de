package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values put into HTML are escaped unless they are declared safe. */
class HtmlTest {

    @Test
    void theFiveSpecialCharactersAreEscaped() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;", Html.escape("<a href=\"x\" title='y'>&</a>"));
    }

    @Test
    void patternsEscapeTheirValuesButNotSafeFragments() {
        Html.Safe inner = Html.of("<b>%s</b>", "<i>");
        assertEquals("<li><b>&lt;i&gt;</b> &lt;script&gt;</li>", Html.of("<li>%s %s</li>", inner, "<script>").html());
        assertEquals("<p>1</p><p>&lt;</p>", Html.join(List.of("1", "<"), s -> Html.of("<p>%s</p>", s)).html());
        assertThrows(IllegalArgumentException.class, () -> Html.of("%s %s", "one"));
    }

    @Test
    void templatesAutoEscapeTheirPlaces() {
        Html.Safe page = Template.load("submission").render(Map.of("exerciseId", "a\"b", "title", "<t>",
                "poll", Html.EMPTY, "verdict", "<script>"));
        String html = page.html();
        assertEquals(true, html.contains("/exercises/a&quot;b") && html.contains("&lt;t&gt;") && html.contains("&lt;script&gt;"));
        assertEquals(false, html.contains("<script>") || html.contains("<t>"));
        assertThrows(IllegalStateException.class, () -> Template.load("submission").render(Map.of()));
    }
}
