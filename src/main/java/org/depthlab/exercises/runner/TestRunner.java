package org.depthlab.exercises.runner;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The program that runs an exercise's hidden JUnit tests inside the sandbox, in the same JVM
 * as the student's classes, and reports through a signed line on standard output.
 *
 * <p>Usage (inside the sandbox, started by {@link org.depthlab.exercises.launch.Launcher} in the
 * module {@value org.depthlab.exercises.launch.Launcher#MODULE}): {@code TestRunner TESTS STUDENT
 * CLASSES ORDER} — the folders of the compiled hidden tests and of the compiled submission,
 * the test classes, and the test methods in file order, each comma-separated; the first line
 * of standard input is the job's report key in hex.
 *
 * <p>What a submission's code cannot do, and why:
 * <ul>
 *   <li><b>Change how an outcome is recorded.</b> This class, the {@link Recorder} and JUnit's
 *       engine are in a named module that opens no package, so reflection from the
 *       submission (in the unnamed module of {@link ExerciseClassLoader}) cannot make their
 *       fields or methods accessible; JUnit is configured explicitly (no engine, listener,
 *       extension or configuration file is discovered), so the student cannot register one.</li>
 *   <li><b>Obtain or use the key.</b> Before any test or student class is loaded, the key is
 *       read, standard input closed, and an HMAC-SHA256 {@link Mac} created and initialised
 *       with it; the key's bytes are then overwritten. The MAC lives only in this method's
 *       local variables, so no field holds it, and a {@link Mac} chooses its provider when it
 *       is initialised: a security provider the student registers later is never asked.</li>
 *   <li><b>Reach the sandbox's memory or the JVM's internals:</b> the sandbox gives the JVM
 *       no {@code /proc}, no {@code jdk.unsupported} module (no {@code sun.misc.Unsafe}), no
 *       management, instrumentation or attach modules, and no writable directory to load
 *       native code from.</li>
 * </ul>
 * What it still can: read the hidden tests' compiled classes and call into them by reflection
 * (they share the unnamed module), print anything, end the JVM. None of that yields a pass:
 * the tests hold no reference computation to call (they check properties of the student's own
 * code), anything printed is unsigned, and a JVM that ends early leaves no report.
 */
public final class TestRunner {

    /** Longest failure message and detail put in the report, so a huge message cannot crowd it. */
    static final int MAX_MESSAGE = 2_000;
    static final int MAX_DETAIL = 8_000;

    private TestRunner() {
    }

    /** Runs the tests and writes the signed report; see the class comment. */
    public static void main(String[] args) throws IOException {
        Mac signer = signer(System.in);
        System.in.close();
        FileOutputStream channel = new FileOutputStream(FileDescriptor.out);
        ClassLoader exercise = new ExerciseClassLoader(Path.of(args[0]), Path.of(args[1]), TestRunner.class.getModule());
        SignedReport.Report report;
        try {
            report = run(exercise, List.of(args[2].split(",")), args.length > 3 ? args[3] : "");
        } catch (OutOfMemoryError e) {
            report = new SignedReport.Report(List.of(), true, String.valueOf(e.getMessage()));
        }
        channel.write(("\n" + SignedReport.encode(report, signer) + "\n").getBytes(StandardCharsets.UTF_8));
        channel.flush();
        // Threads the student started must not keep the JVM, and the grader, waiting.
        Runtime.getRuntime().halt(0);
    }

    /**
     * The report's MAC, initialised with the key read from the first line of {@code in}; the
     * key's bytes are overwritten once the MAC holds it.
     */
    static Mac signer(InputStream in) throws IOException {
        byte[] key = HexFormat.of().parseHex(readLine(in));
        try {
            return SignedReport.mac(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Discovers and runs the test classes, loaded by {@code exercise}; every discovered test
     * gets an outcome. While the tests run, the thread's context class loader is the
     * exercise's, so that code of the submission finds no runner class through it.
     */
    static SignedReport.Report run(ClassLoader exercise, List<String> classes, String order) {
        LauncherConfig config = LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine())
                .build();
        Launcher launcher = LauncherFactory.create(config);
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                // Only the parameters below: no junit-platform.properties, no system properties.
                .enableImplicitConfigurationParameters(false)
                .configurationParameter("junit.jupiter.testmethod.order.default", FileOrder.class.getName())
                .configurationParameter(FileOrder.ORDER, order)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false");
        List<String> unloadable = new ArrayList<>();
        for (String c : classes) {
            try {
                request.selectors(DiscoverySelectors.selectClass(Class.forName(c, false, exercise)));
            } catch (ClassNotFoundException | LinkageError e) {
                unloadable.add("the test class " + c + " could not be loaded: " + e);
            }
        }
        LauncherDiscoveryRequest built = request.build();
        Thread thread = Thread.currentThread();
        thread.setContextClassLoader(TestRunner.class.getClassLoader());
        TestPlan plan = launcher.discover(built);
        Recorder recorder = new Recorder(plan);
        thread.setContextClassLoader(exercise);
        launcher.execute(plan, recorder);
        SignedReport.Report report = recorder.report();
        if (unloadable.isEmpty() || !report.tests().isEmpty()) {
            return report;
        }
        return new SignedReport.Report(List.of(), false, String.join("; ", unloadable));
    }

    /** Collects each test's outcome; a failed container (a class that would not load) fails its tests. */
    private static final class Recorder implements TestExecutionListener {

        private final TestPlan plan;
        private final Map<String, SignedReport.Test> byId = new LinkedHashMap<>();
        private final Map<String, String> containerFailures = new LinkedHashMap<>();
        private final List<TestIdentifier> tests = new ArrayList<>();

        Recorder(TestPlan plan) {
            this.plan = plan;
            for (TestIdentifier root : plan.getRoots()) {
                collect(root);
            }
        }

        private void collect(TestIdentifier id) {
            if (id.isTest()) {
                tests.add(id);
            }
            for (TestIdentifier child : plan.getChildren(id)) {
                collect(child);
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                byId.put(id.getUniqueId(), new SignedReport.Test(name(id), SignedReport.Outcome.ABORTED,
                        "skipped: " + reason, ""));
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            SignedReport.Outcome outcome = switch (result.getStatus()) {
                case SUCCESSFUL -> SignedReport.Outcome.PASSED;
                case FAILED -> SignedReport.Outcome.FAILED;
                case ABORTED -> SignedReport.Outcome.ABORTED;
            };
            String message = result.getThrowable().map(TestRunner::message).orElse("");
            String detail = result.getThrowable().map(TestRunner::trace).orElse("");
            if (id.isTest()) {
                byId.put(id.getUniqueId(), new SignedReport.Test(name(id), outcome, message, detail));
            } else if (outcome != SignedReport.Outcome.PASSED) {
                containerFailures.put(id.getUniqueId(), message.isEmpty() ? "the test class failed" : message);
            }
        }

        SignedReport.Report report() {
            List<SignedReport.Test> out = new ArrayList<>();
            for (TestIdentifier t : tests) {
                SignedReport.Test r = byId.get(t.getUniqueId());
                if (r == null) {
                    r = new SignedReport.Test(name(t), SignedReport.Outcome.NOT_RUN, notRunReason(t), "");
                }
                out.add(r);
            }
            String error = tests.isEmpty() ? String.join("; ", containerFailures.values()) : "";
            return new SignedReport.Report(out, false, error);
        }

        private String notRunReason(TestIdentifier t) {
            for (var parent = plan.getParent(t); parent.isPresent(); parent = plan.getParent(parent.get())) {
                String failure = containerFailures.get(parent.get().getUniqueId());
                if (failure != null) {
                    return "not run: " + failure;
                }
            }
            return "not run";
        }

        private static String name(TestIdentifier id) {
            TestSource source = id.getSource().orElse(null);
            return source instanceof MethodSource m ? m.getMethodName() : id.getDisplayName();
        }
    }

    /** The throwable's one-line description; it may run student code, so it may fail. */
    static String message(Throwable t) {
        try {
            String s = t.toString();
            return cut(s.lines().findFirst().orElse(s), MAX_MESSAGE);
        } catch (RuntimeException | StackOverflowError e) {
            return t.getClass().getName();
        }
    }

    /** The stack trace without the frames of JUnit, reflection and this runner. */
    static String trace(Throwable t) {
        try {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            StringBuilder kept = new StringBuilder();
            for (String line : w.toString().split("\n")) {
                String s = line.strip();
                if (s.startsWith("at org.junit.") || s.startsWith("at java.base/jdk.internal.reflect.")
                        || s.startsWith("at java.base/java.lang.reflect.") || s.startsWith("at java.base/java.util.")
                        || s.startsWith("at org.depthlab.exercises.runner.")) {
                    continue;
                }
                kept.append(line.stripTrailing()).append('\n');
            }
            return cut(kept.toString().strip(), MAX_DETAIL);
        } catch (RuntimeException | StackOverflowError e) {
            return t.getClass().getName();
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + " [...]";
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII).strip();
    }
}
