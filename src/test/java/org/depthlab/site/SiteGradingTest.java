package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.depthlab.exercises.Grader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site with the real grader behind it ({@link QueueGrading}) and the project's seeded
 * exercises: a right and a wrong numeric answer (graded at once), and the Java reference
 * solution compiled and tested in the sandbox, each reach a verdict through the API and are
 * recorded.
 */
class SiteGradingTest {

    @Test
    void theSeededExercisesAreGradedByTheSandboxedGrader(@TempDir Path data) throws Exception {
        SiteConfig config = new SiteConfig("127.0.0.1", 0, data, Path.of("exercises"), Path.of("book"), null, 10, 10);
        try (Site site = Site.start(config, new QueueGrading(Grader.create(), new org.depthlab.exercises.GradingQueue.Config(1, 4, 2)))) {
            SiteTesting.Client c = new SiteTesting.Client(site);
            c.get("/");
            String right = submit(c, "hrm-segment-depth", "{\"answer\": 33}");
            String wrong = submit(c, "hrm-segment-depth", "{\"answer\": \"32\"}");
            String reference = Files.readString(Path.of("exercises/rmsnorm-forward-backward/reference/RmsNorm.java"));
            String code = submit(c, "rmsnorm-forward-backward",
                    SiteTesting.JSON.writeValueAsString(java.util.Map.of("code", reference)));

            assertEquals("passed", status(c.awaitVerdict(right)));
            assertEquals("failed", status(c.awaitVerdict(wrong)));
            JsonNode graded = c.awaitVerdict(code);
            assertEquals("passed", status(graded), graded.toString());
            assertTrue(graded.path("verdict").path("tests").size() > 0, "the hidden tests are listed");
            for (String id : new String[] {right, wrong, code}) {
                assertEquals(Store.State.DONE, site.store().find(id).orElseThrow().state());
            }
            HttpResponse<String> page = c.get("/submissions/" + code);
            assertTrue(page.body().contains("<strong>Passed:</strong>"), page.body());
        }
    }

    private static String submit(SiteTesting.Client c, String exercise, String json) {
        HttpResponse<String> r = c.postJson("/api/exercises/" + exercise + "/submissions", json);
        assertEquals(json.contains("\"code\"") ? 202 : 201, r.statusCode(), r.body());
        return SiteTesting.json(r).path("id").asText();
    }

    private static String status(JsonNode submission) {
        return submission.path("verdict").path("status").asText();
    }
}
