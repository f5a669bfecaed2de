package org.depthlab.exercises;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.depthlab.BadInputException;
import org.depthlab.exercises.launch.Launcher;
import org.depthlab.exercises.runner.CompileStep;
import org.depthlab.exercises.runner.SignedReport;

/**
 * Grades one {@code java} submission in two sandboxed runs, in a fresh private folder that is
 * deleted afterwards:
 *
 * <ol>
 *   <li><b>compile</b> ({@link CompileStep}): the submission, then the hidden tests against it.
 *       The compiler sees the test sources; no student code runs in this step.</li>
 *   <li><b>test</b> ({@link org.depthlab.exercises.runner.TestRunner}): the JVM that runs
 *       the student's classes sees the runtime classes and the compiled classes only — never
 *       a test source, never the reference (which is not mounted in either step) — and nothing
 *       it can write.</li>
 * </ol>
 *
 * <p>The verdict rests only on the runner's report, which is signed with a key made for this
 * job (see {@link SignedReport}); exit codes and output only ever explain a verdict that is
 * not a pass (timeout, memory, crash), which a student can at worst forge against themselves.
 */
final class JavaGrading {

    /** Where the runner's module folder is inside the sandbox (also the compiler's class path for JUnit). */
    static final String MODULE_PATH = "/sandbox/runtime/" + SandboxRuntime.MODULE;

    /** The compiler's limits: fixed, generous enough for a few source files on a busy machine. */
    static final Sandbox.Limits COMPILE = new Sandbox.Limits(60, 30, 256, 256 + 900);

    private static final Pattern TEST_METHOD = Pattern.compile(
            "@Test\\b\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*(?:(?:public|protected|private|static|final)\\s+)*void\\s+(\\w+)\\s*\\(");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private final Sandbox sandbox;
    private final Path runtime;
    private final Path workRoot;
    private final SecureRandom random;

    JavaGrading(Sandbox sandbox, Path runtime, Path workRoot, SecureRandom random) {
        this.sandbox = sandbox;
        this.runtime = runtime;
        this.workRoot = workRoot;
        this.random = random;
    }

    /** The sandbox's job users (for tests that look for processes left behind). */
    List<Integer> jobUsers() {
        return sandbox.jobUsers();
    }

    Verdict grade(Exercise e, Submission s) {
        for (String name : s.files().keySet()) {
            if (!e.files().contains(name)) {
                throw new BadInputException("'" + name + "' is not a file of the exercise " + e.id() + "; it has: "
                        + String.join(", ", e.files()) + ".");
            }
        }
        Path job;
        try {
            job = Files.createTempDirectory(workRoot, "job-");
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot make a job folder under " + workRoot, ex);
        }
        try {
            return grade(e, s, job);
        } catch (IOException ex) {
            throw new UncheckedIOException("grading " + e.id() + " failed in " + job, ex);
        } finally {
            deleteTree(job);
        }
    }

    private Verdict grade(Exercise e, Submission s, Path job) throws IOException {
        Path src = Files.createDirectories(job.resolve("src"));
        Path tests = Files.createDirectories(job.resolve("tests"));
        Path out = Files.createDirectories(job.resolve("out"));
        Files.createDirectories(out.resolve("student"));
        Files.createDirectories(out.resolve("tests"));
        for (String name : e.files()) {
            Files.writeString(src.resolve(name), s.files().getOrDefault(name, e.starter(name)), StandardCharsets.UTF_8);
        }
        List<String> classes = new ArrayList<>();
        List<String> order = new ArrayList<>();
        for (Path t : Catalog.testSources(e)) {
            String text = Files.readString(t, StandardCharsets.UTF_8);
            Files.writeString(tests.resolve(t.getFileName().toString()), text, StandardCharsets.UTF_8);
            String simple = t.getFileName().toString().replaceFirst("\\.java$", "");
            Matcher pkg = PACKAGE.matcher(text);
            classes.add(pkg.find() ? pkg.group(1) + "." + simple : simple);
            Matcher m = TEST_METHOD.matcher(text);
            while (m.find()) {
                order.add(m.group(1));
            }
        }
        // The job folder is private (rwx--x--x: the sandbox user may pass through, not list);
        // inside it the sources are readable and the output folder belongs to the job's user.
        Files.setPosixFilePermissions(job, PosixFilePermissions.fromString("rwx--x--x"));
        SandboxRuntime.readableByAll(src);
        SandboxRuntime.readableByAll(tests);
        SandboxRuntime.readableByAll(out);
        int user = sandbox.jobUser();
        if (user >= 0) {
            try (Stream<Path> all = Files.walk(out)) {
                for (Path p : all.toList()) {
                    Files.setAttribute(p, "unix:uid", user);
                    Files.setAttribute(p, "unix:gid", user);
                }
            }
        }

        Sandbox.Run compiled = sandbox.run(user, List.of(
                        new Sandbox.Mount(runtime, "/sandbox/runtime", false),
                        new Sandbox.Mount(src, "/sandbox/src", false),
                        new Sandbox.Mount(tests, "/sandbox/tests", false),
                        new Sandbox.Mount(out, "/sandbox/out", true)),
                List.of("-cp", MODULE_PATH, CompileStep.class.getName(), "/sandbox/src", "/sandbox/tests",
                        "/sandbox/out/student", "/sandbox/out/tests", MODULE_PATH),
                COMPILE, new byte[0], Sandbox.OUTPUT_CAP);
        Optional<Verdict> compileProblem = compileVerdict(compiled);
        if (compileProblem.isPresent()) {
            return compileProblem.get();
        }

        byte[] key = new byte[32];
        random.nextBytes(key);
        Sandbox.Limits limits = Sandbox.Limits.forTests(e.limits());
        Sandbox.Run ran = sandbox.run(user, List.of(
                        new Sandbox.Mount(runtime, "/sandbox/runtime", false),
                        new Sandbox.Mount(out.resolve("student"), "/sandbox/classes/student", false),
                        new Sandbox.Mount(out.resolve("tests"), "/sandbox/classes/tests", false)),
                List.of("--limit-modules", "java.base,java.logging", "-XX:+ExitOnOutOfMemoryError",
                        "-cp", "/sandbox/runtime/" + SandboxRuntime.BOOT, Launcher.class.getName(), MODULE_PATH,
                        "/sandbox/classes/tests", "/sandbox/classes/student", String.join(",", classes),
                        String.join(",", order)),
                limits, (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII), Sandbox.OUTPUT_CAP);
        return testVerdict(ran, limits, key, order);
    }

    /** The verdict when compiling did not succeed; empty when both compiled. */
    static Optional<Verdict> compileVerdict(Sandbox.Run r) {
        if (r.wallKilled()) {
            return Optional.of(Verdict.of(Verdict.Status.TIMEOUT, "Compiling took longer than " + COMPILE.wallSeconds()
                    + " s and was stopped.", r.stdout()));
        }
        return switch (r.exitCode()) {
            case 0 -> Optional.empty();
            case CompileStep.SUBMISSION_ERRORS -> Optional.of(Verdict.of(Verdict.Status.COMPILE_ERROR,
                    "Your code does not compile.", r.stdout()));
            case CompileStep.TEST_ERRORS -> Optional.of(Verdict.of(Verdict.Status.COMPILE_ERROR,
                    "Your code compiles, but the tests cannot use it: a class, method or signature they expect is "
                            + "missing or different. Check the names and types in the instructions.", r.stdout()));
            default -> Optional.of(r.stderr().contains("OutOfMemoryError")
                    ? Verdict.of(Verdict.Status.MEMORY_LIMIT, "The compiler ran out of memory on this code.", "")
                    : Verdict.of(Verdict.Status.COMPILE_ERROR, "The compiler stopped unexpectedly (exit code "
                            + r.exitCode() + ").", r.stderr() + "\n" + r.stdout()));
        };
    }

    /**
     * The verdict from the test run: the signed report if there is one, else what ended the
     * JVM. A report passes only if it names every hidden test in {@code expected} (the test
     * methods read from the sources), each passed.
     */
    static Verdict testVerdict(Sandbox.Run r, Sandbox.Limits limits, byte[] key, List<String> expected) {
        String output = output(r);
        if (r.wallKilled()) {
            return Verdict.of(Verdict.Status.TIMEOUT, "The tests did not finish within " + limits.wallSeconds()
                    + " s and were stopped. Is there a loop that never ends, or a wait that is never woken?", output);
        }
        Optional<SignedReport.Report> report = Optional.empty();
        for (String line : r.reportLines()) {
            Optional<SignedReport.Report> decoded = SignedReport.decode(line, key);
            if (decoded.isPresent()) {
                report = decoded;
            }
        }
        if (report.isEmpty()) {
            return r.reportLines().isEmpty() ? ended(r, limits, output)
                    : Verdict.of(Verdict.Status.FAILED, "The tests did not finish, and the output holds a test report that "
                            + "the test runner did not sign; it was ignored.", output);
        }
        SignedReport.Report rep = report.get();
        if (rep.memoryExhausted() && rep.error().contains("native thread")) {
            return threadLimit(output);
        }
        if (rep.memoryExhausted()) {
            return Verdict.of(Verdict.Status.MEMORY_LIMIT, "The tests ran out of memory (the limit is " + limits.heapMb()
                    + " MB of heap).", output);
        }
        List<SignedReport.Test> tests = new ArrayList<>(rep.tests());
        if (tests.isEmpty()) {
            return Verdict.of(Verdict.Status.CRASHED, "No test could run: " + (rep.error().isEmpty() ? "none was found" : rep.error()),
                    output);
        }
        // Defence in depth: every hidden test must have run (the runner loads the hidden test
        // classes before the submission's, so a test class cannot be swapped for another).
        for (String name : expected) {
            if (tests.stream().noneMatch(t -> t.name().equals(name))) {
                tests.add(new SignedReport.Test(name, SignedReport.Outcome.NOT_RUN, "not run: the test was not found", ""));
            }
        }
        List<Verdict.TestResult> results = tests.stream()
                .map(t -> new Verdict.TestResult(t.name(), t.outcome() == SignedReport.Outcome.PASSED, t.message()))
                .toList();
        Optional<SignedReport.Test> first = tests.stream().filter(t -> t.outcome() != SignedReport.Outcome.PASSED).findFirst();
        if (first.isEmpty()) {
            return new Verdict(Verdict.Status.PASSED, "All " + results.size() + " tests passed.", results, output);
        }
        SignedReport.Test f = first.get();
        long passed = results.stream().filter(Verdict.TestResult::passed).count();
        String detail = f.name() + " failed:\n" + (f.detail().isEmpty() ? f.message() : f.detail())
                + (output.isEmpty() ? "" : "\n\n" + output);
        return new Verdict(Verdict.Status.FAILED, passed + " of " + results.size() + " tests passed; the first to fail is "
                + f.name() + ".", results, detail);
    }

    /** The JVM ended without a valid report: memory, processor time, or a crash (System.exit and the like). */
    private static Verdict ended(Sandbox.Run r, Sandbox.Limits limits, String output) {
        int code = r.exitCode();
        if (r.stdout().contains("pthread_create failed") || r.stderr().contains("unable to create native thread")
                || r.stderr().contains("pthread_create failed")) {
            return threadLimit(output);
        }
        if (code == 3 || r.stderr().contains("OutOfMemoryError") || r.stderr().contains("insufficient memory")) {
            return Verdict.of(Verdict.Status.MEMORY_LIMIT, "The tests ran out of memory (the limit is " + limits.heapMb()
                    + " MB of heap, and threads count too).", output);
        }
        if (code == 128 + 24 || code == 128 + 9) { // SIGXCPU at the soft limit, SIGKILL at the hard one
            return Verdict.of(Verdict.Status.TIMEOUT, "The tests used more than " + limits.cpuSeconds()
                    + " s of processor time and were stopped. Is there a loop that never ends?", output);
        }
        return Verdict.of(Verdict.Status.CRASHED, "The test program ended before the tests finished (exit code " + code
                + "). Does the code call System.exit, or end the program some other way?", output);
    }

    private static Verdict threadLimit(String output) {
        return Verdict.of(Verdict.Status.MEMORY_LIMIT, "The tests started more threads or processes than allowed ("
                + Sandbox.MAX_TASKS + " at most, the JVM's own included).", output);
    }

    private static String output(Sandbox.Run r) {
        StringBuilder b = new StringBuilder();
        if (!r.stdout().isBlank()) {
            b.append("Output:\n").append(r.stdout().strip());
        }
        if (!r.stderr().isBlank()) {
            b.append(b.length() > 0 ? "\n\n" : "").append("Error output:\n").append(r.stderr().strip());
        }
        return b.toString();
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the job folder " + dir, e);
        }
    }
}
