package org.depthlab.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.depthlab.BadInputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The golden test of every exercise in {@code exercises/}, as Exercism's tracks have: the
 * reference passes, the starter fails, and code that does not compile (or an empty file, or
 * a wrong or malformed answer) gets a verdict a student can read. Java exercises are graded
 * in the real sandbox, so this test needs bubblewrap (the CI script installs it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExerciseGoldenTest {

    private final Catalog catalog = Catalog.load(Path.of("exercises"));
    private final Grader grader = Grader.create();

    @AfterAll
    void close() {
        grader.close();
    }

    @Test
    void theCatalogHoldsTheSeededExercisesOfEveryKind() {
        assertTrue(catalog.find("rmsnorm-forward-backward").isPresent());
        assertTrue(catalog.find("hrm-segment-depth").isPresent());
        assertTrue(catalog.find("decoder-retraction").isPresent());
        for (Exercise.Kind kind : Exercise.Kind.values()) {
            assertTrue(catalog.all().stream().anyMatch(e -> e.kind() == kind), "no " + kind.label() + " exercise");
        }
        for (Exercise e : catalog.all()) {
            assertFalse(e.hints().isEmpty(), e.id() + " has no hints");
            assertFalse(e.instructions().isBlank(), e.id() + " has no instructions");
        }
    }

    @Test
    void everyJavaReferencePassesAndEveryStarterFails() throws IOException {
        for (Exercise e : catalog.all()) {
            if (e.kind() != Exercise.Kind.JAVA) {
                continue;
            }
            Verdict reference = grader.grade(e, Submission.code(files(e, "reference")));
            assertEquals(Verdict.Status.PASSED, reference.status(), e.id() + " reference: " + reference);
            assertFalse(reference.tests().isEmpty(), e.id() + ": the reference passed no test at all");
            assertTrue(reference.tests().stream().allMatch(Verdict.TestResult::passed));

            // The tests are listed, and run, in the order of their file.
            List<String> inFile = new ArrayList<>();
            for (Path t : Catalog.testSources(e)) {
                Matcher m = Pattern.compile("@Test\\s+void\\s+(\\w+)\\(").matcher(Files.readString(t));
                while (m.find()) {
                    inFile.add(m.group(1));
                }
            }
            assertEquals(inFile, reference.tests().stream().map(Verdict.TestResult::name).toList());

            Verdict starter = grader.grade(e, Submission.code(files(e, "starter")));
            assertEquals(Verdict.Status.FAILED, starter.status(), e.id() + " starter: " + starter);
            assertEquals(reference.tests().size(), starter.tests().size(), "the starter runs the same tests");
            assertTrue(starter.summary().contains("the first to fail is " + starter.tests().stream()
                    .filter(t -> !t.passed()).findFirst().orElseThrow().name()), starter.summary());
            assertFalse(starter.detail().isBlank(), "a failure comes with its detail");
        }
    }

    @Test
    void codeThatDoesNotCompileAndAnEmptyFileGetReadableVerdicts() {
        for (Exercise e : catalog.all()) {
            if (e.kind() != Exercise.Kind.JAVA) {
                continue;
            }
            String file = e.files().get(0);
            String broken = e.starter(file).replaceFirst("\\{", "{ int missingSemicolon = 1 ");
            Verdict v = grader.grade(e, Submission.code(file, broken));
            assertEquals(Verdict.Status.COMPILE_ERROR, v.status(), v.toString());
            assertEquals("Your code does not compile.", v.summary());
            assertTrue(v.detail().contains(file + ":") && v.detail().contains("';' expected"), v.detail());

            Verdict empty = grader.grade(e, Submission.code(file, ""));
            assertEquals(Verdict.Status.COMPILE_ERROR, empty.status(), empty.toString());
            assertTrue(empty.summary().contains("the tests cannot use it"), empty.summary());
            assertTrue(empty.detail().contains("cannot find symbol"), empty.detail());
            // The tests' compile errors are messages only: no file, line or source text of the hidden tests.
            assertFalse(empty.detail().contains(".java:"), "a line of the hidden tests leaked: " + empty.detail());
        }
    }

    @Test
    void everyAnswerExerciseAcceptsItsReferenceAndRejectsOthersReadably() throws IOException {
        for (Exercise e : catalog.all()) {
            if (e.kind() == Exercise.Kind.JAVA) {
                continue;
            }
            String right = referenceAnswer(e);
            assertEquals(Verdict.Status.PASSED, grader.grade(e, Submission.answer(right)).status(), e.id());
            assertEquals(Verdict.Status.PASSED, grader.grade(e, Submission.answer(" " + right.toUpperCase() + " ")).status(), e.id());
            String wrong = e.kind() == Exercise.Kind.NUMERIC ? "7" : e.options().stream().map(Exercise.Option::key)
                    .filter(k -> !k.equalsIgnoreCase(right)).findFirst().orElseThrow();
            Verdict no = grader.grade(e, Submission.answer(wrong));
            assertEquals(Verdict.Status.FAILED, no.status(), e.id());
            assertFalse(no.summary().contains(right) && !wrong.contains(right), "a wrong answer must not reveal the right one");
            if (e.kind() == Exercise.Kind.NUMERIC) {
                Verdict empty = grader.grade(e, Submission.answer(""));
                assertEquals(Verdict.Status.FAILED, empty.status());
                assertTrue(empty.summary().startsWith("No "), empty.summary());
                Verdict junk = grader.grade(e, Submission.answer("forty-two"));
                assertEquals(Verdict.Status.FAILED, junk.status());
                assertTrue(junk.summary().contains("'forty-two' is not"), junk.summary());
            } else {
                // Not one of the options: a mistake in using the exercise, not a wrong answer.
                BadInputException empty = assertThrows(BadInputException.class, () -> grader.grade(e, Submission.answer(" ")));
                assertTrue(empty.getMessage().startsWith("no option was chosen"), empty.getMessage());
                BadInputException junk = assertThrows(BadInputException.class,
                        () -> grader.grade(e, Submission.answer("forty-two\u001b[2J")));
                assertTrue(junk.getMessage().contains("'forty-two[2J' is not an option of " + e.id()), junk.getMessage());
            }
        }
    }

    /**
     * The numeric exercise's answer is what the meter measures: an HRM with the exercise's
     * configuration (N = 3, T = 4, 2 L-layers, 3 H-layers) computes its logits exactly that
     * many layer applications deep in one segment.
     */
    @Test
    void theHrmDepthAnswerIsWhatTheMeterMeasures() throws IOException {
        Exercise e = catalog.get("hrm-segment-depth");
        org.depthlab.models.RefinementModel hrm = new org.depthlab.models.HrmConfig(5, 3, 8, 2, 2.0, 3, 2, 3, 4).build(1);
        org.depthlab.tensor.Tape tape = new org.depthlab.tensor.Tape();
        var out = tape.noGrad(() -> hrm.segment(tape, hrm.initialCarry(1), new int[] {1, 2, 3}));
        assertEquals(Integer.parseInt(referenceAnswer(e)), out.logits().layerDepth());
    }

    static Map<String, String> files(Exercise e, String folder) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : e.files()) {
            files.put(f, Files.readString(e.dir().resolve(folder).resolve(f)));
        }
        return files;
    }

    static String referenceAnswer(Exercise e) throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(e.dir().resolve("reference/answer.json").toFile());
        return e.kind() == Exercise.Kind.NUMERIC ? json.get("value").asText() : json.get("key").asText();
    }
}
