package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs page over HTTP: what it says without runs, and the files it refuses to serve. */
class RunsPageTest {

    @Test
    void withoutCheckpointsThePageSaysHowToListRunsAndServesOnlyTheBooksFigures(@TempDir Path dir) throws Exception {
        Path book = dir.resolve("book");
        Files.createDirectories(book.resolve("figures"));
        Files.writeString(book.resolve("figures/x-fig.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        Files.writeString(book.resolve("secret.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        SiteConfig config = new SiteConfig("127.0.0.1", 0, dir.resolve("data"), SiteTesting.EXERCISES, book, null,
                10, 10);
        try (Site site = Site.start(config, new LocalQueue(1, 4, SiteTesting::grade))) {
            SiteTesting.Client c = new SiteTesting.Client(site);
            HttpResponse<String> page = c.get("/runs");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("depthlab serve --checkpoints DIR"), page.body());
            assertTrue(page.body().contains("No experiment has a report yet."), page.body());

            HttpResponse<String> figure = c.get("/runs/figures/x-fig.svg");
            assertEquals(200, figure.statusCode());
            assertTrue(figure.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
            assertEquals(404, c.get("/runs/figures/..%2Fsecret.svg").statusCode());
            assertEquals(404, c.get("/runs/figures/X-FIG.SVG").statusCode());
            assertEquals(404, c.get("/runs/figures/missing.svg").statusCode());
            assertEquals(404, c.get("/runs/curves.svg").statusCode(), "no runs, no curves");
        }
    }
}
