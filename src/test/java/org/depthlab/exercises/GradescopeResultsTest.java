package org.depthlab.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradescope's results.json: one case per hidden test with its name, status and a point, the
 * verdict in words on top — and none of the hidden tests' messages, which may hold the values
 * they computed.
 */
class GradescopeResultsTest {

    private final Catalog catalog = Catalog.load(Path.of("exercises"));

    @Test
    void everyHiddenTestIsACaseAndNoneOfTheirMessagesIsWritten() {
        Exercise java = catalog.get("rmsnorm-forward-backward");
        Verdict failed = new Verdict(Verdict.Status.FAILED, "1 of 2 tests passed; the first to fail is second.", List.of(
                new Verdict.TestResult("first", true, ""),
                new Verdict.TestResult("second", false, "expected: <0.70710678> but was: <1.0> SECRET")),
                "second failed:\nexpected: <0.70710678> SECRET\n\tat RmsNormTest.second(RmsNormTest.java:12)");
        JsonNode r = GradescopeResults.of(java, failed, Duration.ofSeconds(7));
        assertEquals(1.0, r.path("score").asDouble());
        assertEquals(7, r.path("execution_time").asInt());
        assertEquals(2, r.path("tests").size());
        JsonNode second = r.path("tests").get(1);
        assertEquals("second", second.path("name").asText());
        assertEquals("failed", second.path("status").asText());
        assertEquals(0.0, second.path("score").asDouble());
        assertEquals(1.0, second.path("max_score").asDouble());
        assertEquals("passed", r.path("tests").get(0).path("status").asText());
        assertFalse(r.toString().contains("SECRET") || r.toString().contains("0.7071"), r.toString());
        assertTrue(r.path("output").asText().contains("the first to fail is second"), r.toString());
        assertEquals("failed", r.path("extra_data").path("verdict").asText());
    }

    @Test
    void aCompileErrorShowsTheCompilersMessagesAndAnAnswerIsOneCase() {
        Exercise java = catalog.get("rmsnorm-forward-backward");
        Verdict broken = Verdict.of(Verdict.Status.COMPILE_ERROR, "Your code does not compile.",
                "RmsNorm.java:3: error: ';' expected");
        JsonNode r = GradescopeResults.of(java, broken, Duration.ofSeconds(2));
        assertEquals(0.0, r.path("score").asDouble());
        assertEquals(0, r.path("tests").size());
        assertTrue(r.path("output").asText().contains("';' expected"), r.toString());

        Exercise numeric = catalog.get("hrm-segment-depth");
        JsonNode answered = GradescopeResults.of(numeric, Grader.answer(numeric, "33"), Duration.ZERO);
        assertEquals(1, answered.path("tests").size());
        assertEquals("hrm-segment-depth", answered.path("tests").get(0).path("name").asText());
        assertEquals("passed", answered.path("tests").get(0).path("status").asText());
        assertEquals(1.0, answered.path("score").asDouble());
    }
}
