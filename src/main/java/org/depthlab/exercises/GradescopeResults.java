package org.depthlab.exercises;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * A verdict as Gradescope's autograder reads it: the {@code results.json} of its autograder
 * specification ("Autograder Specifications", gradescope-autograders.readthedocs.io, section
 * "Output format"), so that a course that grades with Gradescope can run depthlab's exercises
 * in the autograder it already has ({@code depthlab exercise check … --format results-json}).
 *
 * <pre>
 * {"score": 5.0, "execution_time": 7, "output": "…", "output_format": "text",
 *  "tests": [{"name": "forwardDividesEachRowByItsRootMeanSquare", "status": "passed",
 *             "score": 1.0, "max_score": 1.0, "visibility": "visible"}, …],
 *  "extra_data": {"exercise": "rmsnorm-forward-backward", "verdict": "failed"}}
 * </pre>
 *
 * Every hidden test is one case worth one point, with its name and status; a numeric or
 * choice exercise is one case named after the exercise. The hidden tests' messages and the
 * first failure's detail are left out: they come from the hidden tests and may hold values
 * they computed, and an autograder shows the JSON to the student. The top-level output is the
 * verdict in words; for a compile error it also holds the compiler's messages (about the
 * student's own code), and for a timeout, memory limit or crash what the program printed.
 */
public final class GradescopeResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GradescopeResults() {
    }

    /** {@code verdict} on {@code exercise}, graded in {@code took}, as Gradescope's results.json. */
    public static ObjectNode of(Exercise exercise, Verdict verdict, Duration took) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode tests = JSON.createArrayNode();
        double score = 0;
        if (exercise.kind() != Exercise.Kind.JAVA) {
            tests.add(test(exercise.id(), verdict.passed()));
            score = verdict.passed() ? 1 : 0;
        } else {
            for (Verdict.TestResult t : verdict.tests()) {
                tests.add(test(t.name(), t.passed()));
                score += t.passed() ? 1 : 0;
            }
        }
        root.put("score", score);
        root.put("execution_time", Math.max(0, took.toSeconds()));
        root.put("output", output(exercise, verdict));
        root.put("output_format", "text");
        root.set("tests", tests);
        ObjectNode extra = root.putObject("extra_data");
        extra.put("exercise", exercise.id());
        extra.put("verdict", verdict.status().words());
        return root;
    }

    private static ObjectNode test(String name, boolean passed) {
        ObjectNode t = JSON.createObjectNode();
        t.put("name", name);
        t.put("status", passed ? "passed" : "failed");
        t.put("score", passed ? 1.0 : 0.0);
        t.put("max_score", 1.0);
        t.put("visibility", "visible");
        return t;
    }

    /** The verdict in words, and the detail where it is the student's own (never a hidden test's). */
    private static String output(Exercise exercise, Verdict verdict) {
        String head = exercise.id() + ": " + verdict.status().words() + ". " + verdict.summary();
        boolean own = switch (verdict.status()) {
            case COMPILE_ERROR, TIMEOUT, MEMORY_LIMIT, CRASHED -> true;
            // A passed answer's detail is the exercise's explanation; a failed test's is the hidden test's.
            case PASSED -> exercise.kind() != Exercise.Kind.JAVA;
            case FAILED -> false;
        };
        return own && !verdict.detail().isBlank() ? head + "\n\n" + verdict.detail() : head;
    }
}
