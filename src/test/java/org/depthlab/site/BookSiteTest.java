package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site over the real book: contents in order, chapters, references, figures, source files and search. */
class BookSiteTest {

    @TempDir
    static Path data;

    static Site site;

    @BeforeAll
    static void start() {
        site = Site.start(new SiteConfig("127.0.0.1", 0, data, Path.of("exercises"), Path.of("book"), null, 100, 100),
                new LocalQueue(1, 8, SiteTesting::grade));
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    private static HttpResponse<String> get(String path) {
        return new SiteTesting.Client(site).get(path);
    }

    @Test
    void theHomePageIsTheTableOfContentsInOrderWithEachChaptersExercises() {
        String home = get("/").body();
        assertTrue(home.contains("<h1>Computational depth in neural reasoning</h1>"), home);
        int one = home.indexOf("href=\"/chapters/01-what-depth-is\"");
        int five = home.indexOf("href=\"/chapters/05-two-rhythms-hrm\"");
        int nine = home.indexOf("href=\"/chapters/09-search-around-the-model\"");
        assertTrue(one > 0 && one < five && five < nine, "chapters in reading order");
        assertTrue(home.contains("<li value=\"8\" id=\"chapter-08-writing-left-to-right\">"), "chapters keep their numbers");
        String hrm = home.substring(five, home.indexOf("</li></ul></li>", five));
        assertTrue(hrm.contains("/exercises/hrm-one-step") && hrm.contains("not tried"), "a chapter's exercises and progress: " + hrm);
        assertTrue(home.contains("href=\"/references\""));
        assertFalse(home.contains("/chapters/references"), "the references are not a chapter");
    }

    @Test
    void chaptersReferencesFiguresAndSourcesAreServed() {
        String chapter = get("/chapters/04-flat-recurrence").body();
        assertTrue(chapter.contains("<h1 id=\"flat-recurrence\">Flat recurrence</h1>"));
        assertTrue(chapter.contains("<img src=\"/book/images/tape-memory.svg\""), "figures are served from the book");
        assertTrue(chapter.contains("<span class=\"math inline\">") && chapter.contains("/static/katex/katex.min.js"));
        assertTrue(chapter.contains("rel=\"next\"") && chapter.contains("href=\"/chapters/05-two-rhythms-hrm\""));
        assertTrue(get("/references").body().contains("Hierarchical Reasoning Model"));
        HttpResponse<String> svg = get("/book/images/tape-memory.svg");
        assertEquals(200, svg.statusCode());
        assertTrue(svg.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
        HttpResponse<String> source = get("/source/src/test/java/org/depthlab/claims/DepthClaimsTest.java");
        assertEquals(200, source.statusCode());
        assertTrue(source.body().contains("hrmDepthIsNTimesTTimesLLayersPlusNTimesHLayers"));
        assertEquals(404, get("/source/pom.xml").statusCode(), "only Java sources of the project");
        assertEquals(404, get("/source/src/main/java/../../../pom.xml").statusCode());
        assertEquals(404, get("/book/images/missing.svg").statusCode());
        assertEquals(404, get("/chapters/references").statusCode());
        assertTrue(get("/exercises/trm-depth").body().contains("of chapter <a href=\"/chapters/06-one-network-two-states-trm\">"),
                "an exercise links its chapter");
    }

    @Test
    void theSearchFindsSectionsWithEveryWord() {
        String page = get("/search?q=one-step+gradient").body();
        assertTrue(page.contains("section(s) contain all of: one-step gradient."), page);
        assertTrue(page.contains("href=\"/chapters/05-two-rhythms-hrm#the-one-step-gradient\""), page);
        assertTrue(get("/search?q=zzzqqq").body().contains("No section of the book contains all of: zzzqqq."));
        assertEquals(400, get("/search?q=" + "a".repeat(201)).statusCode());
    }
}
