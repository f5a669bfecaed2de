package org.depthlab.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depthlab.cli.Main;
import org.depthlab.site.QueueGrading;
import org.depthlab.site.Site;
import org.depthlab.site.SiteConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Submissions that try to be graded passed without doing the exercise — each one of
 * {@code src/test/resources/forgeries/} (its README says what each tries) — are graded
 * failed, through the site's API and through {@code depthlab exercise check --file}. The
 * three attacks of issue 12 and their variants; every one of them but {@code unsafe},
 * {@code halt-mid-test} and {@code test-named-class} was graded passed before the grader
 * ran the runner in its own module and the student's code in its own class loader.
 */
class ForgeryTest {

    static final Path FORGERIES = Path.of("src/test/resources/forgeries");
    static final String EXERCISE = "rmsnorm-forward-backward";
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> forgeries() throws IOException {
        try (var s = Files.list(FORGERIES)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theForgeriesAreTheIssuesThreeAndTheirVariants() throws IOException {
        assertEquals(List.of("halt-mid-test", "private-lookup", "provider", "shutdown-hook", "stack-traces", "switch-map",
                "system-out", "test-named-class", "test-reference", "unsafe"), forgeries());
    }

    @ParameterizedTest
    @MethodSource("forgeries")
    void aForgeryIsGradedFailedByExerciseCheck(String forgery) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"exercise", "check", EXERCISE, "--file",
            FORGERIES.resolve(forgery).resolve("RmsNorm.java").toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(1, code, forgery + ": " + out + err);
        assertTrue(out.toString().startsWith(EXERCISE + ": FAILED"), forgery + ": " + out);
        assertFalse(out.toString().contains("All "), forgery + ": " + out);
    }

    @Test
    void everyForgeryIsGradedFailedThroughTheApi(@TempDir Path data) throws Exception {
        SiteConfig config = new SiteConfig("127.0.0.1", 0, data, Path.of("exercises"), Path.of("book"), null, 100, 100);
        try (Site site = Site.start(config, new QueueGrading(Grader.create(), new GradingQueue.Config(2, 32, 2)))) {
            Map<String, Client> clients = new LinkedHashMap<>();
            Map<String, String> ids = new LinkedHashMap<>();
            for (String forgery : forgeries()) {
                Client c = new Client(site.port());
                String code = Files.readString(FORGERIES.resolve(forgery).resolve("RmsNorm.java"));
                HttpResponse<String> r = c.post("/api/exercises/" + EXERCISE + "/submissions",
                        JSON.writeValueAsString(Map.of("code", code)));
                assertEquals(202, r.statusCode(), forgery + ": " + r.body());
                clients.put(forgery, c);
                ids.put(forgery, JSON.readTree(r.body()).path("id").asText());
            }
            for (String forgery : ids.keySet()) {
                JsonNode s = clients.get(forgery).awaitVerdict(ids.get(forgery));
                JsonNode verdict = s.path("verdict");
                assertEquals("failed", verdict.path("status").asText(), forgery + ": " + s);
                assertFalse(verdict.path("summary").asText().startsWith("All "), forgery + ": " + s);
            }
        }
    }

    /** A client with its own cookie jar: one session. */
    private static final class Client {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final String base;

        Client(int port) {
            this.base = "http://127.0.0.1:" + port;
        }

        HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Polls until the submission is graded; ten forgeries on two workers may take a few minutes. */
        JsonNode awaitVerdict(String id) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/submissions/" + id)).GET()
                        .build(), HttpResponse.BodyHandlers.ofString());
                JsonNode s = JSON.readTree(r.body());
                if (!s.path("state").asText().matches("queued|running")) {
                    return s;
                }
                Thread.sleep(200);
            }
            throw new AssertionError("submission " + id + " got no verdict within 10 minutes");
        }
    }
}
