package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.depthlab.exercises.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load on loopback: 200 page loads and 20 submissions, all at once, from 20
 * sessions. Every page answers 200, every submission is accepted and gets a verdict, and
 * every verdict is in the database. No timing is asserted; the grader takes a little time per
 * job so that the queue is really used.
 */
class SiteLoadTest {

    @Test
    void everyConcurrentSubmissionGetsAVerdictAndEveryVerdictIsStored(@TempDir Path data) throws Exception {
        LocalQueue queue = new LocalQueue(2, 32, (e, a) -> {
            try {
                Thread.sleep(10);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return SiteTesting.grade(e, a);
        });
        try (Site site = Site.start(SiteTesting.config(data, 100, 1000), queue)) {
            List<SiteTesting.Client> sessions = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                SiteTesting.Client c = new SiteTesting.Client(site);
                // One request first, so that the concurrent ones below all carry this session's cookie.
                assertEquals(200, c.get("/").statusCode());
                sessions.add(c);
            }
            String[] pages = {"/", "/exercises/hrm-depth", "/exercises/rms-norm", "/chapters/01-depth",
                "/demo/sudoku?puzzle=1...........2..3", "/api/exercises", "/static/site.css", "/progress"};
            ExecutorService pool = Executors.newFixedThreadPool(64);
            try {
                List<Future<Integer>> loads = new ArrayList<>();
                List<Future<String>> submitted = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    SiteTesting.Client c = sessions.get(i % sessions.size());
                    String page = pages[i % pages.length];
                    loads.add(pool.submit(() -> c.get(page).statusCode()));
                    if (i % 10 == 0) {
                        int k = i / 10;
                        Callable<String> submit = () -> {
                            HttpResponse<String> r = c.postJson("/api/exercises/hrm-depth/submissions",
                                    "{\"answer\": " + (k % 2 == 0 ? 6 : k) + "}");
                            assertEquals(202, r.statusCode(), r.body());
                            return SiteTesting.json(r).path("id").asText();
                        };
                        submitted.add(pool.submit(submit));
                    }
                }
                for (Future<Integer> f : loads) {
                    assertEquals(200, f.get());
                }
                assertEquals(20, submitted.size());
                for (int k = 0; k < submitted.size(); k++) {
                    String id = submitted.get(k).get();
                    JsonNode s = sessions.get((k * 10) % sessions.size()).awaitVerdict(id);
                    assertEquals("done", s.path("state").asText());
                    assertEquals(k % 2 == 0 || k == 6, s.path("verdict").path("passed").asBoolean(), "submission " + k);
                    Store.Submission stored = site.store().find(id).orElseThrow();
                    assertEquals(Store.State.DONE, stored.state());
                    assertTrue(stored.verdict().status() == Verdict.Status.PASSED
                            || stored.verdict().status() == Verdict.Status.FAILED);
                }
                assertEquals(Map.of(Store.State.DONE, 20), site.store().counts());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
