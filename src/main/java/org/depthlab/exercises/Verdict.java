package org.depthlab.exercises;

import java.util.List;

/**
 * What grading says about a submission. A verdict is shown to the student as it is, so every
 * text in it is plain text (the site escapes it), capped in length, free of control
 * characters (a submission's output could otherwise carry terminal escapes to whoever reads
 * it, on a page or in a terminal), and readable without colour: the {@link Status} has a word
 * for every outcome.
 *
 * @param status the outcome
 * @param summary one sentence for the student
 * @param tests the hidden tests in the order they appear in their file, when tests ran
 * @param detail the first failure in full (message and stack trace), the compiler's errors,
 *     or what the program printed before it was stopped; empty when there is nothing to add
 */
public record Verdict(Status status, String summary, List<TestResult> tests, String detail) {

    /** The outcomes, in the words the student sees. */
    public enum Status {
        PASSED("passed"),
        FAILED("failed"),
        COMPILE_ERROR("compile error"),
        TIMEOUT("timeout"),
        MEMORY_LIMIT("memory limit"),
        CRASHED("crashed");

        private final String words;

        Status(String words) {
            this.words = words;
        }

        /** The status in words, e.g. "compile error". */
        public String words() {
            return words;
        }
    }

    /**
     * One hidden test.
     *
     * @param name the test method's name
     * @param passed whether it passed
     * @param message the failure's one-line message, or empty
     */
    public record TestResult(String name, boolean passed, String message) {

        public TestResult {
            name = printable(name);
            message = printable(message);
        }
    }

    /** The longest detail kept; longer ones are cut with a note. */
    public static final int MAX_DETAIL = 16 * 1024;

    public Verdict {
        tests = List.copyOf(tests);
        detail = cap(printable(detail == null ? "" : detail), MAX_DETAIL);
        summary = cap(printable(summary), 2000);
    }

    /** A verdict without tests. */
    public static Verdict of(Status status, String summary, String detail) {
        return new Verdict(status, summary, List.of(), detail);
    }

    /** Whether the submission passed. */
    public boolean passed() {
        return status == Status.PASSED;
    }

    /**
     * {@code text} without control characters — ESC, NUL, BEL, carriage returns and the rest of
     * C0 and C1, and DEL — but with its line breaks and tabs.
     */
    public static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\t' || !Character.isISOControl(c)) {
                b.append(c);
            }
        }
        return b.length() == text.length() ? text : b.toString();
    }

    /** {@code text} cut to at most {@code max} characters, saying how much was cut. */
    public static String cap(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "\n[... " + (text.length() - max) + " more characters cut]";
    }
}
