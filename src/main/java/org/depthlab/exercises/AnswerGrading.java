package org.depthlab.exercises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.stream.Collectors;
import org.depthlab.BadInputException;

/**
 * Grades {@code numeric} and {@code choice} exercises in the grader's own process: nothing
 * of the student's is run, only compared with {@code reference/answer.json}:
 *
 * <pre>
 * numeric: {"value": 33, "tolerance": 0, "explanation": "…"}   |answer − value| ≤ tolerance
 * choice:  {"key": "b", "explanation": "…"}                      the option's key, any case
 * </pre>
 *
 * The explanation is shown once the answer is right; a wrong answer is told only that it is
 * wrong, so that the hints keep their use. A choice that is not one of the options is not a
 * wrong answer but a mistake in using the exercise: a {@link BadInputException} (exit code 2
 * from {@code exercise check}, 400 from the site), and nothing is graded.
 */
final class AnswerGrading {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerGrading() {
    }

    static Verdict numeric(Exercise e, String answer) {
        JsonNode ref = reference(e);
        String given = answer.strip().replace(",", "");
        if (given.isEmpty()) {
            return Verdict.of(Verdict.Status.FAILED, "No answer was given; enter a number.", "");
        }
        double value;
        try {
            value = Double.parseDouble(given);
        } catch (NumberFormatException ex) {
            return Verdict.of(Verdict.Status.FAILED, "'" + Verdict.cap(answer.strip(), 40) + "' is not a number; enter a number"
                    + (e.unit().isEmpty() ? "" : " of " + e.unit()) + ", like 12 or 0.5.", "");
        }
        double expected = ref.path("value").asDouble(Double.NaN);
        double tolerance = ref.path("tolerance").asDouble(0);
        if (Double.isFinite(value) && Math.abs(value - expected) <= tolerance) {
            return Verdict.of(Verdict.Status.PASSED, "Correct: " + given + (e.unit().isEmpty() ? "" : " " + e.unit()) + ".",
                    ref.path("explanation").asText(""));
        }
        return Verdict.of(Verdict.Status.FAILED, "Not quite: " + given + " is not the answer. The hints may help.", "");
    }

    static Verdict choice(Exercise e, String answer) {
        checkChoice(e, answer);
        JsonNode ref = reference(e);
        String given = answer.strip().toLowerCase(Locale.ROOT);
        if (given.equals(ref.path("key").asText().toLowerCase(Locale.ROOT))) {
            return Verdict.of(Verdict.Status.PASSED, "Correct: option " + given + ".", ref.path("explanation").asText(""));
        }
        return Verdict.of(Verdict.Status.FAILED, "Not quite: option " + given + " is not the answer. The hints may help.", "");
    }

    /**
     * Checks that {@code answer} is one of the options of the choice exercise {@code e} (the
     * key, in any case, spaces around it ignored).
     *
     * @throws BadInputException when it is not, naming the options
     */
    static void checkChoice(Exercise e, String answer) {
        String given = answer.strip().toLowerCase(Locale.ROOT);
        String keys = e.options().stream().map(Exercise.Option::key).collect(Collectors.joining(", "));
        if (given.isEmpty()) {
            throw new BadInputException("no option was chosen; " + e.id() + " takes one of the options " + keys + ".");
        }
        if (e.options().stream().noneMatch(o -> o.key().toLowerCase(Locale.ROOT).equals(given))) {
            throw new BadInputException("'" + Verdict.cap(Verdict.printable(answer.strip()), 40) + "' is not an option of "
                    + e.id() + "; it takes one of the options " + keys + ".");
        }
    }

    private static JsonNode reference(Exercise e) {
        try {
            return JSON.readTree(Files.readString(e.dir().resolve("reference").resolve("answer.json")));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read the reference answer of " + e.id(), ex);
        }
    }
}
