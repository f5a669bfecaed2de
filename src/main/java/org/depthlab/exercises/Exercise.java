package org.depthlab.exercises;

import java.nio.file.Path;
import java.util.List;

/**
 * One exercise as it lies in {@code exercises/<id>/}, in the layout of Exercism's tracks:
 *
 * <pre>
 * exercises/&lt;id&gt;/
 *   meta.json          id, title, chapter, kind, the files the student edits, limits, options
 *   instructions.md    what to do (shown)
 *   hints.md           hints separated by lines of three dashes, revealed one at a time
 *   starter/           what the student starts from (kind java)
 *   tests/             hidden JUnit tests (kind java)
 *   reference/         the hidden solution: source files, or answer.json for numeric and choice
 * </pre>
 *
 * <p>Ids are stable: the book links to them. {@link Catalog} reads and checks the folder;
 * {@link Grader} grades a submission.
 *
 * @param id the folder name, lower-case letters, digits and dashes
 * @param title a short title
 * @param chapter the slug of the book chapter the exercise belongs to
 * @param kind how it is answered and graded
 * @param files the source files the student edits (kind java), in the order shown
 * @param options the answers offered (kind choice), in the order shown
 * @param unit what a numeric answer counts (kind numeric), or empty
 * @param limits the sandbox limits for grading (kind java)
 * @param dir the exercise's folder
 */
public record Exercise(String id, String title, String chapter, Kind kind, List<String> files,
                       List<Option> options, String unit, Limits limits, Path dir) {

    /** How an exercise is answered. */
    public enum Kind {
        /** Java source files, graded by hidden JUnit tests in the sandbox. */
        JAVA,
        /** One number, compared with the reference within a tolerance. */
        NUMERIC,
        /** One of a few options. */
        CHOICE;

        /** The name used in meta.json and the API. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An answer offered by a choice exercise: a key ("a") and its text (Markdown). */
    public record Option(String key, String text) {
    }

    /**
     * Grading limits for one submission.
     *
     * @param wallSeconds wall-clock time for the test run before it is killed
     * @param cpuSeconds processor time for the test run
     * @param heapMb the test JVM's heap
     */
    public record Limits(int wallSeconds, int cpuSeconds, int heapMb) {

        /** The limits an exercise gets unless its meta.json says otherwise. */
        public static final Limits DEFAULT = new Limits(20, 10, 128);
    }

    public Exercise {
        files = List.copyOf(files);
        options = List.copyOf(options);
    }

    /** The instructions (Markdown). */
    public String instructions() {
        return Catalog.readOrEmpty(dir.resolve("instructions.md"));
    }

    /** The hints, in the order they are revealed (Markdown each). */
    public List<String> hints() {
        String text = Catalog.readOrEmpty(dir.resolve("hints.md"));
        return java.util.Arrays.stream(text.split("(?m)^---\\s*$"))
                .map(String::strip)
                .filter(h -> !h.isEmpty())
                .toList();
    }

    /** The starter text of {@code file}, one of {@link #files()}. */
    public String starter(String file) {
        return Catalog.readOrEmpty(dir.resolve("starter").resolve(file));
    }
}
