package org.depthlab.exercises;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Grades a {@link Submission} to an {@link Exercise} and says so in a {@link Verdict}.
 *
 * <p>Numeric and choice answers are compared with the reference in this process; nothing of
 * the student's runs. Java code is compiled and tested only inside the sandbox ({@link Sandbox}:
 * bubblewrap and prlimit); the first Java submission checks, once, that the sandbox works and
 * isolates (no host files, nothing writable, no network), and if it does not, every Java
 * submission is refused with a {@link SandboxUnavailableException} that says why — the grader
 * never runs student code without it.
 *
 * <p>One grader serves many jobs, also at once (each job has its own folder and user); a
 * {@link GradingQueue} bounds how many. Close it to delete its working folder.
 *
 * <p>Its working folder ({@value #PREFIX}… in the temporary folder) holds, while a job runs,
 * the hidden tests' sources. A grader that is killed leaves it behind, so each grader writes
 * into its folder which process it belongs to (process id and start time), and every grader,
 * when it is created, deletes the folders of this kind whose process is gone. (A file lock
 * would not do: closing any channel to a locked file drops every lock this process holds on
 * it, so checking a live grader's lock from the same JVM would release it.)
 */
public final class Grader implements AutoCloseable {

    /** The beginning of a grader's working folder's name. */
    static final String PREFIX = "depthlab-grader-";
    /** The file in a grader's working folder that names the process it belongs to. */
    static final String OWNER = ".owner";
    /** A working folder without an owner file (made by an older depthlab) is deleted once it is this old. */
    static final Duration UNOWNED_AGE = Duration.ofDays(1);

    private final SecureRandom random = new SecureRandom();
    private Sandbox.Availability availability;
    private Path workRoot;
    private JavaGrading java;

    private final Function<String, Optional<Path>> tools;

    private Grader(Function<String, Optional<Path>> tools) {
        this.tools = tools;
        // At start, so that a server that restarts after a kill cleans up before its first job.
        deleteAbandoned(Path.of(System.getProperty("java.io.tmpdir")), null, Instant.now());
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
     * @throws org.depthlab.BadInputException when the submission names a file the exercise does
     *     not have, or a choice is not one of the options
     * @throws SandboxUnavailableException for a Java exercise when the sandbox does not work here
     */
    public Verdict grade(Exercise exercise, Submission submission) {
        return exercise.kind() == Exercise.Kind.JAVA ? javaGrading().grade(exercise, submission)
                : answer(exercise, submission.answer());
    }

    /**
     * Grades the answer to a numeric or choice exercise, in this process and at once (it runs
     * nothing of the student's): what the site does instead of queueing such answers.
     *
     * @throws org.depthlab.BadInputException when a choice is not one of the options
     * @throws IllegalArgumentException for a java exercise
     */
    public static Verdict answer(Exercise exercise, String answer) {
        return switch (exercise.kind()) {
            case NUMERIC -> AnswerGrading.numeric(exercise, answer);
            case CHOICE -> AnswerGrading.choice(exercise, answer);
            case JAVA -> throw new IllegalArgumentException(exercise.id() + " is graded in the sandbox, not at once");
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
                workRoot = Files.createTempDirectory(PREFIX);
                Files.setPosixFilePermissions(workRoot, PosixFilePermissions.fromString("rwx--x--x"));
                Files.writeString(workRoot.resolve(OWNER), owner(ProcessHandle.current()));
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

    /** The grader's working folder, once it has one (for tests). */
    synchronized Path workRoot() {
        return workRoot;
    }

    /** The user ids Java jobs run as when the grader is root, else empty (for tests). */
    List<Integer> jobUsers() {
        return javaGrading().jobUsers();
    }

    /**
     * Deletes the working folders in {@code tmp} that graders left behind when they were
     * killed: those whose process is gone, and those without an owner file that are older than
     * {@link #UNOWNED_AGE}. Folders of other users, of graders alive in this or another
     * process, and {@code own} (when not null) are left alone.
     */
    static void deleteAbandoned(Path tmp, Path own, Instant now) {
        List<Path> candidates;
        try (Stream<Path> s = Files.list(tmp)) {
            candidates = s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p) && !p.equals(own))
                    .toList();
        } catch (IOException e) {
            return; // nothing to clean that we can see
        }
        for (Path dir : candidates) {
            try {
                if (ownedByUs(dir) && abandoned(dir, now)) {
                    JavaGrading.deleteTree(dir);
                }
            } catch (IOException | UncheckedIOException e) {
                // gone meanwhile, or not ours to delete
            }
        }
    }

    private static boolean ownedByUs(Path dir) throws IOException {
        Object owner = Files.getAttribute(dir, "unix:uid");
        Object me = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        return owner.equals(me);
    }

    /** Whether the grader that made {@code dir} is gone: its process has ended (or its id was reused). */
    private static boolean abandoned(Path dir, Instant now) throws IOException {
        Path owner = dir.resolve(OWNER);
        if (!Files.isRegularFile(owner)) {
            return Files.getLastModifiedTime(dir).toInstant().isBefore(now.minus(UNOWNED_AGE));
        }
        String[] recorded = Files.readString(owner).strip().split(" ");
        try {
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(recorded[0]));
            return process.isEmpty() || !owner(process.get()).strip().equals(String.join(" ", recorded));
        } catch (NumberFormatException e) {
            return false; // not written by a grader: leave it
        }
    }

    /** A process as an owner file names it: its id and when it started. */
    private static String owner(ProcessHandle p) {
        return p.pid() + " " + p.info().startInstant().map(i -> String.valueOf(i.toEpochMilli())).orElse("?") + "\n";
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
