package org.depthlab.exercises;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Function;

/**
 * Grades a {@link Submission} to an {@link Exercise} and says so in a {@link Verdict}.
 *
 * <p>Numeric and choice answers are compared with the reference in this process; nothing of
 * the student's runs. Java code is compiled and tested only inside the sandbox ({@link Sandbox}:
 * bubblewrap and prlimit); the first Java submission checks, once, that the sandbox works and
 * isolates (no host files, nothing writable, no network), and if it does not, every Java submission is refused with a {@link SandboxUnavailableException}
 * that says why — the grader never runs student code without it.
 *
 * <p>One grader serves many jobs, also at once (each job has its own folder and user); a
 * {@link GradingQueue} bounds how many. Close it to delete its working folder.
 */
public final class Grader implements AutoCloseable {

    private final SecureRandom random = new SecureRandom();
    private Sandbox.Availability availability;
    private Path workRoot;
    private JavaGrading java;

    private final Function<String, Optional<Path>> tools;

    private Grader(Function<String, Optional<Path>> tools) {
        this.tools = tools;
    }

    /** A grader that finds bwrap, prlimit and setpriv with {@code tools} (tests give a broken one). */
    static Grader withTools(Function<String, Optional<Path>> tools) {
        return new Grader(tools);
    }

    /** A grader; nothing is checked or created until the first Java submission (or {@link #sandboxProblem()}). */
    public static Grader create() {
        return new Grader(Sandbox::tool);
    }

    /**
     * Grades {@code submission}: in this process for numeric and choice exercises, in the
     * sandbox for Java ones (which takes seconds, up to the exercise's wall-clock limit and the
     * compiler's).
     *
     * @throws org.depthlab.BadInputException when the submission names a file the exercise does not have
     * @throws SandboxUnavailableException for a Java exercise when the sandbox does not work here
     */
    public Verdict grade(Exercise exercise, Submission submission) {
        return switch (exercise.kind()) {
            case NUMERIC -> AnswerGrading.numeric(exercise, submission.answer());
            case CHOICE -> AnswerGrading.choice(exercise, submission.answer());
            case JAVA -> javaGrading().grade(exercise, submission);
        };
    }

    /**
     * Why Java code cannot be graded here, or empty when it can. The first call probes the
     * sandbox (about a second); later calls return the same answer.
     */
    public Optional<String> sandboxProblem() {
        Sandbox.Availability a = availability();
        return a.sandbox().isPresent() ? Optional.empty() : Optional.of(a.reason());
    }

    private synchronized Sandbox.Availability availability() {
        if (availability == null) {
            try {
                workRoot = Files.createTempDirectory("depthlab-grader-");
                Files.setPosixFilePermissions(workRoot, PosixFilePermissions.fromString("rwx--x--x"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the grader's working folder", e);
            }
            Path runtime = workRoot.resolve("runtime");
            SandboxRuntime.copyTo(runtime);
            availability = Sandbox.probe(random.nextLong(), runtime, tools);
            availability.sandbox().ifPresent(s -> java = new JavaGrading(s, runtime, workRoot, random));
        }
        return availability;
    }

    private synchronized JavaGrading javaGrading() {
        Sandbox.Availability a = availability();
        if (a.sandbox().isEmpty() || java == null) {
            throw new SandboxUnavailableException("Java code cannot be graded here: " + a.reason() + ".");
        }
        return java;
    }

    /** The user ids Java jobs run as when the grader is root, else empty (for tests). */
    java.util.List<Integer> jobUsers() {
        return javaGrading().jobUsers();
    }

    /** Deletes the grader's working folder (the runtime classes); jobs still running may fail. */
    @Override
    public synchronized void close() {
        if (workRoot != null && Files.exists(workRoot)) {
            JavaGrading.deleteTree(workRoot);
        }
        workRoot = null;
        java = null;
        availability = Sandbox.Availability.no("this grader is closed");
    }
}
