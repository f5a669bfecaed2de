package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.depthlab.exercises.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route of the site over HTTP, with its refusals: 400, 403, 404, 413, 415, 429 and 503. */
class SiteHttpTest {

    @TempDir
    static Path data;

    static Site site;

    @BeforeAll
    static void start() {
        site = SiteTesting.start(data);
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    private static SiteTesting.Client client() {
        return new SiteTesting.Client(site);
    }

    private static String submitForm(SiteTesting.Client c, String exercise, Map<String, String> fields) {
        String csrf = c.csrf("/exercises/" + exercise);
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put("csrf", csrf);
        HttpResponse<String> r = c.postForm("/exercises/" + exercise + "/submissions", all);
        assertEquals(303, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/submissions/"), location);
        return location.substring("/submissions/".length());
    }

    @Test
    void homeListsChaptersAndExercisesAndSetsAPrivateSessionCookie() {
        HttpResponse<String> r = client().get("/");
        assertEquals(200, r.statusCode());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(Sessions.COOKIE + "=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
        assertTrue(r.body().contains("Depth and recurrence"), "the book chapter's title");
        assertTrue(r.body().contains("The depth of an HRM segment") && r.body().contains("RMSNorm"));
        assertTrue(r.body().contains("02-decoding"), "a chapter slug with exercises but no book file is listed");
        assertTrue(r.body().contains("You have passed 0 of 3 exercises."));
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        SiteTesting.Client c = client();
        for (String path : List.of("/", "/static/site.css", "/static/site.js", "/api/exercises", "/no/such/page",
                "/demo/sudoku")) {
            HttpResponse<String> r = c.get(path);
            assertEquals(Site.CSP, r.headers().firstValue("Content-Security-Policy").orElse(""), path);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals("same-origin", r.headers().firstValue("Referrer-Policy").orElse(""), path);
        }
        assertTrue(Site.CSP.startsWith("default-src 'self'"));
        assertEquals(200, c.get("/static/site.css").statusCode());
        assertEquals("text/html;charset=utf-8", c.get("/").headers().firstValue("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT).replace(" ", ""));
    }

    @Test
    void chapterIsRenderedFromMarkdownWithRawHtmlEscaped() {
        HttpResponse<String> r = client().get("/chapters/01-depth");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("<h1 id=\"depth-and-recurrence\">Depth and recurrence</h1>"), r.body());
        assertTrue(r.body().contains("<em>L</em>"));
        assertFalse(r.body().contains("<script>alert"), "raw HTML in Markdown must not become markup");
        assertTrue(r.body().contains("&lt;script&gt;"));
        assertTrue(r.body().contains("/exercises/hrm-depth"), "the chapter links its exercises");
        assertEquals(404, client().get("/chapters/no-such-chapter").statusCode());
    }

    @Test
    void hintsAreRevealedOneAtATime() {
        SiteTesting.Client c = client();
        String none = c.get("/exercises/hrm-depth").body();
        assertEquals(1, none.split("<h1", -1).length - 1, "one h1: the instructions' own title is not repeated");
        assertTrue(none.contains("how many block applications"), "the instructions after their title are shown");
        assertFalse(none.contains("Count the L steps first."));
        assertTrue(none.contains("Show hint 1 of 2"));
        String one = c.get("/exercises/hrm-depth?hints=1").body();
        assertTrue(one.contains("Count the L steps first."));
        assertFalse(one.contains("Each cycle ends with one H step."));
        assertTrue(one.contains("Show hint 2 of 2"));
        String two = c.get("/exercises/hrm-depth?hints=2").body();
        assertTrue(two.contains("Each cycle ends with one H step.") && !two.contains("Show hint 3"));
    }

    @Test
    void exercisePagesOfferLabelledFormsForEveryKind() {
        SiteTesting.Client c = client();
        String numeric = c.get("/exercises/hrm-depth").body();
        assertTrue(numeric.contains("<label for=\"answer\">Your answer (layer applications)</label>"), numeric);
        String choice = c.get("/exercises/loop-or-hierarchy").body();
        assertTrue(choice.contains("<legend>Choose one answer</legend>") && choice.contains("<label for=\"option-b\">"));
        String java = c.get("/exercises/rms-norm").body();
        assertTrue(java.contains("<label for=\"file-Norm.java\">Norm.java</label>"));
        assertTrue(java.contains("return 0; // TODO"), "the starter is in the textarea");
        assertEquals(404, c.get("/exercises/no-such-exercise").statusCode());
    }

    @Test
    void aWrongThenARightFormAnswerAreGradedAndTheProgressIsKept() {
        SiteTesting.Client c = client();
        String wrong = submitForm(c, "hrm-depth", Map.of("answer", "4"));
        assertEquals("failed", c.awaitVerdict(wrong).path("verdict").path("words").asText());
        String page = c.get("/submissions/" + wrong).body();
        assertTrue(page.contains("aria-live=\"polite\"") && page.contains("<strong>Failed:</strong>"), page);
        String right = submitForm(c, "hrm-depth", Map.of("answer", "6"));
        assertEquals("passed", c.awaitVerdict(right).path("verdict").path("words").asText());
        assertTrue(c.get("/submissions/" + right).body().contains("<strong>Passed:</strong>"));

        assertTrue(c.get("/").body().contains("You have passed 1 of 3 exercises."));
        assertTrue(c.get("/exercises/hrm-depth").body().contains("Your status: <span class=\"badge passed\">passed</span>"));
        assertTrue(c.get("/progress").body().contains("/submissions/" + right));
        HttpResponse<String> export = c.get("/progress/export");
        assertTrue(export.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
        JsonNode exported = SiteTesting.json(export);
        assertEquals(2, exported.path("submissions").size());
        assertEquals("failed", exported.path("submissions").get(0).path("verdict").path("words").asText());

        HttpResponse<String> reset = c.postForm("/progress/reset", Map.of("csrf", c.csrf("/progress")));
        assertEquals(303, reset.statusCode());
        assertEquals(0, SiteTesting.json(c.get("/progress/export")).path("submissions").size());
        assertTrue(c.get("/").body().contains("You have passed 0 of 3 exercises."));
    }

    @Test
    void javaSourceFromTheFormGoesToTheGraderAndItsTestsAreShown() {
        SiteTesting.Client c = client();
        String id = submitForm(c, "rms-norm", Map.of("file:Norm.java", "final class Norm { static double apply(double x) { return 0; } }"));
        JsonNode s = c.awaitVerdict(id);
        assertEquals("failed", s.path("verdict").path("status").asText());
        String page = c.get("/submissions/" + id).body();
        assertTrue(page.contains("failed: identity — expected 2.0 but was 0.0"), page);
    }

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefused() {
        SiteTesting.Client c = client();
        c.get("/");
        HttpResponse<String> r = c.postForm("/exercises/hrm-depth/submissions", Map.of("answer", "6"));
        assertEquals(403, r.statusCode());
        HttpResponse<String> forged = c.postForm("/exercises/hrm-depth/submissions",
                Map.of("answer", "6", "csrf", "forged-token"));
        assertEquals(403, forged.statusCode());
        assertEquals(403, c.postForm("/progress/reset", Map.of()).statusCode());
        assertEquals(0, SiteTesting.json(c.get("/progress/export")).path("submissions").size());
    }

    @Test
    void aFormPostFromAnotherOriginIsRefusedEvenWithAToken() {
        SiteTesting.Client c = client();
        String csrf = c.csrf("/exercises/hrm-depth");
        HttpResponse<String> r = c.postForm("/exercises/hrm-depth/submissions", Map.of("answer", "6", "csrf", csrf),
                "http://evil.example");
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("another site"));
        HttpResponse<String> api = c.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(c.base + "/api/exercises/hrm-depth/submissions"))
                .header("Content-Type", "application/json").header("Origin", "http://evil.example")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"answer\": 6}")).build());
        assertEquals(403, api.statusCode());
    }

    @Test
    void theApiListsAndDescribesExercises() {
        SiteTesting.Client c = client();
        JsonNode list = SiteTesting.json(c.get("/api/exercises"));
        assertEquals(3, list.size());
        assertEquals("hrm-depth", list.get(0).path("id").asText());
        assertEquals("numeric", list.get(0).path("kind").asText());
        JsonNode one = SiteTesting.json(c.get("/api/exercises/rms-norm"));
        assertTrue(one.path("files").path("Norm.java").asText().contains("TODO"));
        assertFalse(one.toString().contains("return x;"), "the reference solution is never served");
        HttpResponse<String> missing = c.get("/api/exercises/nope");
        assertEquals(404, missing.statusCode());
        assertTrue(SiteTesting.json(missing).path("error").asText().contains("nope"));
    }

    @Test
    void anAnswerIsGradedAtOnceAndCodeIsAcceptedWith202() {
        SiteTesting.Client c = client();
        HttpResponse<String> r = c.postJson("/api/exercises/loop-or-hierarchy/submissions", "{\"answer\": \"B\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode graded = SiteTesting.json(r);
        assertEquals("done", graded.path("state").asText(), "no queue for an answer: " + r.body());
        assertTrue(graded.path("verdict").path("passed").asBoolean(), r.body());
        JsonNode s = c.awaitVerdict(graded.path("id").asText());
        assertTrue(s.path("verdict").path("passed").asBoolean());

        HttpResponse<String> code = c.postJson("/api/exercises/rms-norm/submissions",
                "{\"code\": \"final class Norm { static double apply(double x) { return x; } }\"}");
        assertEquals(202, code.statusCode(), code.body());
        assertEquals("queued", SiteTesting.json(code).path("state").asText());
        assertEquals("passed", c.awaitVerdict(SiteTesting.json(code).path("id").asText()).path("verdict").path("status").asText());

        HttpResponse<String> number = c.postJson("/api/exercises/hrm-depth/submissions", "{\"answer\": 6}");
        assertEquals(201, number.statusCode());
        assertTrue(SiteTesting.json(number).path("verdict").path("passed").asBoolean());
    }

    @Test
    void malformedApiSubmissionsAreRefused() {
        SiteTesting.Client c = client();
        assertEquals(400, c.postJson("/api/exercises/hrm-depth/submissions", "{not json").statusCode());
        assertEquals(400, c.postJson("/api/exercises/hrm-depth/submissions", "{\"code\": \"x\"}").statusCode());
        HttpResponse<String> notAnOption = c.postJson("/api/exercises/loop-or-hierarchy/submissions", "{\"answer\": \"z\"}");
        assertEquals(400, notAnOption.statusCode(), "not an option is a usage error, not a wrong answer");
        assertTrue(SiteTesting.json(notAnOption).path("error").asText().contains("is not an option"), notAnOption.body());
        assertEquals(404, c.postJson("/api/exercises/nope/submissions", "{\"answer\": 1}").statusCode());
        HttpResponse<String> text = c.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(c.base + "/api/exercises/hrm-depth/submissions"))
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"answer\": 6}")).build());
        assertEquals(415, text.statusCode());
    }

    @Test
    void unknownAndForeignSubmissionsAre404() {
        SiteTesting.Client owner = client();
        String id = SiteTesting.json(owner.postJson("/api/exercises/hrm-depth/submissions", "{\"answer\": 1}")).path("id").asText();
        owner.awaitVerdict(id);
        SiteTesting.Client other = client();
        assertEquals(404, other.get("/api/submissions/" + id).statusCode());
        assertEquals(404, other.get("/submissions/" + id).statusCode());
        assertEquals(404, owner.get("/api/submissions/no-such-id").statusCode());
        assertEquals(404, owner.get("/submissions/no-such-id").statusCode());
    }

    @Test
    void aBodyOver100KbAndASourceOver64KiBAre413() {
        SiteTesting.Client c = client();
        String huge = "{\"answer\": \"" + "1".repeat(150_000) + "\"}";
        HttpResponse<String> body = c.postJson("/api/exercises/hrm-depth/submissions", huge);
        assertEquals(413, body.statusCode(), body.body());
        String source = "x".repeat(70 * 1024);
        HttpResponse<String> code = c.postJson("/api/exercises/rms-norm/submissions", "{\"code\": \"" + source + "\"}");
        assertEquals(413, code.statusCode(), code.body());
        String csrf = c.csrf("/exercises/rms-norm");
        HttpResponse<String> form = c.postForm("/exercises/rms-norm/submissions", Map.of("csrf", csrf, "file:Norm.java", source));
        assertEquals(413, form.statusCode());
        assertEquals(0, SiteTesting.json(c.get("/progress/export")).path("submissions").size(), "nothing was recorded");
    }

    @Test
    void whatAStudentTypesIsEscapedOnEveryPage() {
        SiteTesting.Client c = client();
        String id = submitForm(c, "hrm-depth", Map.of("answer", "<img src=x onerror=alert(1)>"));
        c.awaitVerdict(id);
        String page = c.get("/submissions/" + id).body();
        assertFalse(page.contains("<img src=x"), page);
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }

    @Test
    void theSudokuDemoStepsThroughTheSolversSearch() {
        SiteTesting.Client c = client();
        String form = c.get("/demo/sudoku").body();
        assertTrue(form.contains("<label for=\"puzzle\">Puzzle</label>"));
        String puzzle = "1...........2..3";
        HttpResponse<String> start = c.get("/demo/sudoku?puzzle=" + puzzle);
        assertEquals(200, start.statusCode());
        assertTrue(start.body().contains("The puzzle as given."));
        Matcher m = Pattern.compile("made (\\d+) nodes").matcher(start.body());
        assertTrue(m.find(), start.body());
        HttpResponse<String> step = c.get("/demo/sudoku?puzzle=" + puzzle + "&step=2");
        assertTrue(step.body().contains("Step 2 of " + m.group(1) + ": try "), step.body());
        assertTrue(step.body().contains("(just tried"));
        HttpResponse<String> play = c.get("/demo/sudoku?puzzle=" + puzzle + "&step=1&play=1");
        assertTrue(play.body().contains("http-equiv=\"refresh\"") && play.body().contains("step=2&amp;play=1"));

        HttpResponse<String> generated = c.get("/demo/sudoku?size=4&seed=7");
        assertEquals(302, generated.statusCode());
        String location = generated.headers().firstValue("Location").orElse("");
        assertTrue(location.startsWith("/demo/sudoku?puzzle="), location);
        String shown = c.get(location).body();
        assertTrue(shown.contains("value=\"7\"") && shown.contains("<option value=\"4\" selected>"),
                "the Generate form keeps the size and seed the reader chose: " + shown);

        HttpResponse<String> bad = c.get("/demo/sudoku?puzzle=12x");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("expected a Sudoku of 16, 36 or 81 characters"), bad.body());
        assertEquals(400, c.get("/demo/sudoku?size=5").statusCode());
    }

    @Test
    void submissionsOverTheRateLimitAre429PerSessionAndPerAddress(@TempDir Path own) {
        try (Site limited = Site.start(SiteTesting.config(own, 3, 5), new LocalQueue(1, 16, SiteTesting::grade))) {
            SiteTesting.Client a = new SiteTesting.Client(limited);
            for (int i = 0; i < 3; i++) {
                assertEquals(201, a.postJson("/api/exercises/hrm-depth/submissions", "{\"answer\": 1}").statusCode());
            }
            HttpResponse<String> over = a.postJson("/api/exercises/hrm-depth/submissions", "{\"answer\": 1}");
            assertEquals(429, over.statusCode());
            assertTrue(SiteTesting.json(over).path("error").asText().contains("Too many submissions"));
            // A fresh session from the same address shares the address's budget of 5.
            SiteTesting.Client b = new SiteTesting.Client(limited);
            assertEquals(201, b.postJson("/api/exercises/hrm-depth/submissions", "{\"answer\": 1}").statusCode());
            assertEquals(201, b.postJson("/api/exercises/hrm-depth/submissions", "{\"answer\": 1}").statusCode());
            assertEquals(429, b.postJson("/api/exercises/hrm-depth/submissions", "{\"answer\": 1}").statusCode());
            // X-Forwarded-For does not buy a new budget.
            SiteTesting.Client d = new SiteTesting.Client(limited);
            HttpResponse<String> spoofed = d.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(d.base + "/api/exercises/hrm-depth/submissions"))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", "203.0.113.9")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"answer\": 1}")).build());
            assertEquals(429, spoofed.statusCode());
        }
    }

    @Test
    void aFullGradingQueueIs503AndRecordsNothingButAnswersAreStillGraded(@TempDir Path own) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        LocalQueue slow = new LocalQueue(1, 1, (e, a) -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return Verdict.of(Verdict.Status.PASSED, "ok", "");
        });
        String code = "{\"code\": \"final class Norm { static double apply(double x) { return x; } }\"}";
        try (Site busy = Site.start(SiteTesting.config(own, 100, 100), slow)) {
            SiteTesting.Client c = new SiteTesting.Client(busy);
            HttpResponse<String> first = c.postJson("/api/exercises/rms-norm/submissions", code);
            assertEquals(202, first.statusCode());
            assertTrue(running.await(10, TimeUnit.SECONDS));
            // While it is graded, its page says so in words and refreshes itself without script.
            String pending = c.get("/submissions/" + SiteTesting.json(first).path("id").asText()).body();
            assertTrue(pending.contains("Being graded") && pending.contains("data-poll=")
                    && pending.contains("<noscript><meta http-equiv=\"refresh\""), pending);
            assertEquals(202, c.postJson("/api/exercises/rms-norm/submissions", code).statusCode());
            HttpResponse<String> full = c.postJson("/api/exercises/rms-norm/submissions", code);
            assertEquals(503, full.statusCode());
            assertTrue(SiteTesting.json(full).path("error").asText().contains("submit again"));
            assertEquals(2, SiteTesting.json(c.get("/progress/export")).path("submissions").size());
            // An answer needs no queue: it is graded at once even now.
            HttpResponse<String> answer = c.postJson("/api/exercises/hrm-depth/submissions", "{\"answer\": 6}");
            assertEquals(201, answer.statusCode(), answer.body());
            assertTrue(SiteTesting.json(answer).path("verdict").path("passed").asBoolean());
            release.countDown();
        }
    }

    /**
     * Only the server issues session ids: a cookie with an id it did not sign — invented, or
     * planted by another site — is replaced, and the submissions of the real session stay
     * invisible to it.
     */
    @Test
    void aSessionIdTheServerDidNotIssueIsReplaced() {
        SiteTesting.Client owner = client();
        String id = SiteTesting.json(owner.postJson("/api/exercises/hrm-depth/submissions", "{\"answer\": 6}")).path("id").asText();
        for (String invented : List.of("AAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA", "x")) {
            HttpResponse<String> r = client().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + site.port() + "/")).header("Cookie", Sessions.COOKIE + "=" + invented).GET().build());
            String cookie = r.headers().firstValue("Set-Cookie").orElse("");
            assertTrue(cookie.startsWith(Sessions.COOKIE + "=") && !cookie.contains(invented + ";"),
                    "the invented id " + invented + " is replaced: " + cookie);
        }
        // The owner's own cookie is kept: no new one is set, and its submission is found.
        HttpResponse<String> again = owner.get("/");
        assertTrue(again.headers().firstValue("Set-Cookie").isEmpty(), again.headers().toString());
        assertEquals(200, owner.get("/api/submissions/" + id).statusCode());
    }

    /** A request that names another host (a rebound DNS name pointing here) is refused. */
    @Test
    void aRequestForAnotherHostIsRefused() throws Exception {
        for (String host : List.of("evil.example", "evil.example:" + site.port(), "127.0.0.1.evil.example")) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", site.port())) {
                socket.getOutputStream().write(("GET /api/exercises HTTP/1.1\r\nHost: " + host
                        + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        java.nio.charset.StandardCharsets.US_ASCII)).readLine();
                assertTrue(status.contains(" 400 "), host + ": " + status);
            }
        }
        assertTrue(Site.knownHost("localhost:7070", SiteConfig.defaultHostNames("127.0.0.1")));
        assertTrue(Site.knownHost("[::1]:7070", SiteConfig.defaultHostNames("127.0.0.1")));
        assertFalse(Site.knownHost("example.org", SiteConfig.defaultHostNames("127.0.0.1")));
    }

    /** The database and the key file hold students' work and the site's secret: their owner's alone. */
    @Test
    void theDatabaseAndTheKeyAreReadableByTheirOwnerOnly() throws Exception {
        client().postJson("/api/exercises/hrm-depth/submissions", "{\"answer\": 6}");
        for (String name : List.of("site.db", "csrf.key", "site.db-wal")) {
            Path file = data.resolve(name);
            if (Files.exists(file)) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), name);
            } else {
                assertTrue(name.endsWith("-wal"), name + " is missing");
            }
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("site.db"))));
    }

    /** Control characters in what a page shows — a terminal escape, a bell, a NUL — are dropped. */
    @Test
    void controlCharactersAreNotShownInPages() {
        SiteTesting.Client c = client();
        String id = submitForm(c, "hrm-depth", Map.of("answer", "4\u001b[2J\u0007\u0000"));
        String page = c.get("/submissions/" + id).body();
        assertFalse(page.contains("\u001b") || page.contains("\u0007") || page.contains("\u0000"), page);
    }
}
