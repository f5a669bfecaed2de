package org.depthlab.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;
import org.depthlab.exercises.Exercise;
import org.depthlab.exercises.Verdict;

/**
 * Grades what needs no code to run: a {@code numeric} answer against the reference within
 * its tolerance, a {@code choice} against the reference key. The reference is
 * {@code reference/answer.json}: {@code {"answer": 12}} or {@code {"answer": 12, "tolerance": 0.5}}
 * or {@code {"answer": "b"}}. A {@code java} exercise gets a verdict saying this server does not
 * grade Java — the site never runs student code outside the sandboxed grader.
 */
public final class AnswerGrader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerGrader() {
    }

    /** The verdict on {@code answer}. */
    public static Verdict grade(Exercise exercise, Answer answer) {
        return switch (exercise.kind()) {
            case JAVA -> Verdict.of(Verdict.Status.CRASHED,
                    "This server has no sandboxed Java grader, so it does not run submitted code.", "");
            case NUMERIC -> numeric(exercise, answer.answer(), reference(exercise));
            case CHOICE -> choice(answer.answer(), reference(exercise));
        };
    }

    private static Verdict numeric(Exercise e, String given, JsonNode ref) {
        double expected = ref.path("answer").asDouble();
        double tolerance = ref.path("tolerance").asDouble(1e-9);
        double x;
        try {
            x = Double.parseDouble(given.strip());
        } catch (NumberFormatException ex) {
            return Verdict.of(Verdict.Status.FAILED, "'" + Verdict.cap(given.strip(), 40) + "' is not a number.", "");
        }
        if (Double.isFinite(x) && Math.abs(x - expected) <= tolerance) {
            return Verdict.of(Verdict.Status.PASSED, "Correct.", "");
        }
        String unit = e.unit().isEmpty() ? "" : " " + e.unit();
        return Verdict.of(Verdict.Status.FAILED, String.format(Locale.ROOT, "%s%s is not right; try again.",
                given.strip(), unit), "");
    }

    private static Verdict choice(String given, JsonNode ref) {
        String expected = ref.path("answer").asText();
        if (expected.equalsIgnoreCase(given.strip())) {
            return Verdict.of(Verdict.Status.PASSED, "Correct.", "");
        }
        return Verdict.of(Verdict.Status.FAILED, "That is not the right option; try again.", "");
    }

    private static JsonNode reference(Exercise e) {
        try {
            return JSON.readTree(Files.readString(e.dir().resolve("reference").resolve("answer.json")));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
