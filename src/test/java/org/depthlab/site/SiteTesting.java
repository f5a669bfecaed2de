package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.depthlab.exercises.Exercise;
import org.depthlab.exercises.Grader;
import org.depthlab.exercises.Submission;
import org.depthlab.exercises.Verdict;

/**
 * What the site's tests share: a site on an ephemeral loopback port over the test exercises
 * and book ({@code src/test/resources/site}), and a browser-like client with its own cookie
 * jar that can fill in forms.
 */
final class SiteTesting {

    static final Path EXERCISES = Path.of("src/test/resources/site/exercises");
    static final Path BOOK = Path.of("src/test/resources/site/book");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private SiteTesting() {
    }

    /** A configuration for a site on a free port with the given rate limits. */
    static SiteConfig config(Path data, int perSession, int perAddress) {
        return new SiteConfig("127.0.0.1", 0, data, EXERCISES, BOOK, null, perSession, perAddress);
    }

    /**
     * Grades numeric and choice answers with the real {@link Grader} (which runs nothing of the
     * student's for them); for the java test exercise, a stand-in that runs nothing either: it
     * passes code that returns x and fails the rest.
     */
    static Verdict grade(Exercise e, Answer a) {
        if (e.kind() != Exercise.Kind.JAVA) {
            return Grader.create().grade(e, Submission.answer(a.answer()));
        }
        String code = String.join("\n", a.files().values());
        return code.contains("return x;")
                ? new Verdict(Verdict.Status.PASSED, "All tests passed.", java.util.List.of(
                        new Verdict.TestResult("identity", true, "")), "")
                : new Verdict(Verdict.Status.FAILED, "1 of 1 tests failed.", java.util.List.of(
                        new Verdict.TestResult("identity", false, "expected 2.0 but was 0.0")), "expected 2.0 but was 0.0");
    }

    /** A site with generous rate limits and a test grading queue. */
    static Site start(Path data) {
        return Site.start(config(data, 1000, 1000), new LocalQueue(2, 64, SiteTesting::grade));
    }

    /** A client with a cookie jar (one browser, one session); it does not follow redirects. */
    static final class Client {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        final String base;

        Client(Site site) {
            this.base = "http://127.0.0.1:" + site.port();
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        }

        /** POSTs a form as a browser on this site would: with its Origin. */
        HttpResponse<String> postForm(String path, Map<String, String> fields) {
            return postForm(path, fields, base);
        }

        HttpResponse<String> postForm(String path, Map<String, String> fields, String origin) {
            String body = fields.entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (origin != null) {
                b.header("Origin", origin);
            }
            return send(b.build());
        }

        HttpResponse<String> postJson(String path, String json) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        }

        HttpResponse<String> send(HttpRequest r) {
            try {
                return http.send(r, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The CSRF token in the form of the page at {@code path}. */
        String csrf(String path) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode(), path);
            Matcher m = CSRF.matcher(r.body());
            if (!m.find()) {
                fail("no CSRF token in the form of " + path);
            }
            return m.group(1);
        }

        /** Polls the API until the submission is graded (at most 120 s: a Java job runs javac and a JVM in the sandbox) and returns it. */
        JsonNode awaitVerdict(String id) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline) {
                JsonNode s = json(get("/api/submissions/" + id));
                if (!s.path("state").asText().matches("queued|running")) {
                    return s;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return fail("submission " + id + " got no verdict within 120 s");
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return fail("not JSON (" + r.statusCode() + "): " + r.body());
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
