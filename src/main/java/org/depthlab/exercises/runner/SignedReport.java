package org.depthlab.exercises.runner;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The test runner's report and the one line it travels in, signed so that the grader can
 * tell it from anything the student's code prints.
 *
 * <p>Student code runs in the same JVM as the runner and can write to every stream the
 * runner can, so the channel itself cannot be made read-only to it. Instead the line is
 * authenticated: HMAC-SHA256 under a per-job key that the grader hands the runner on standard
 * input before any student class is loaded, and with which the runner initialises its MAC
 * at once (see {@link TestRunner}). A line whose signature
 * does not check is ignored like any other output. The format is one line,
 * {@code PREFIX base64(payload) hex(hmac)}, where the payload holds one record per test, its
 * fields base64-encoded and separated by tabs. It uses only {@code java.base}, because it is
 * loaded inside the sandbox too.
 */
public final class SignedReport {

    /** What starts a report line. */
    public static final String PREFIX = "@@depthlab-report@@ ";

    /** What a hidden test came to. */
    public enum Outcome {
        PASSED, FAILED, ABORTED, NOT_RUN
    }

    /**
     * One hidden test's result.
     *
     * @param name the test method's name
     * @param outcome what happened
     * @param message the failure's message (one line), or empty
     * @param detail the failure in full (stack trace), or empty
     */
    public record Test(String name, Outcome outcome, String message, String detail) {
    }

    /**
     * The whole report.
     *
     * @param tests the tests in the order they ran
     * @param memoryExhausted whether the run ended in an {@link OutOfMemoryError}
     * @param error a problem of the run itself (a test class that would not load), or empty
     */
    public record Report(List<Test> tests, boolean memoryExhausted, String error) {

        public Report {
            tests = List.copyOf(tests);
        }
    }

    private SignedReport() {
    }

    /** The report as one line signed with {@code key} (without the line breaks around it). */
    public static String encode(Report report, byte[] key) {
        return encode(report, mac(key));
    }

    /**
     * The report as one line signed by {@code mac}, an HMAC-SHA256 already initialised with
     * the job's key (the runner makes it before any student code runs; see {@link TestRunner}).
     */
    public static String encode(Report report, Mac mac) {
        StringBuilder payload = new StringBuilder();
        payload.append("run\t").append(report.memoryExhausted()).append('\t').append(b64(report.error())).append('\n');
        for (Test t : report.tests()) {
            payload.append("test\t").append(b64(t.name())).append('\t').append(t.outcome().name()).append('\t')
                    .append(b64(t.message())).append('\t').append(b64(t.detail())).append('\n');
        }
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        return PREFIX + Base64.getEncoder().encodeToString(bytes) + " " + HexFormat.of().formatHex(mac.doFinal(bytes));
    }

    /**
     * The report in {@code line} if the line is a report signed with {@code key}; empty for
     * any other line, including a forged or damaged one.
     */
    public static Optional<Report> decode(String line, byte[] key) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = line.substring(PREFIX.length()).strip().split(" ");
        if (parts.length != 2) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getDecoder().decode(parts[0]);
            signature = HexFormat.of().parseHex(parts[1]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(signature, mac(key).doFinal(payload))) {
            return Optional.empty();
        }
        List<Test> tests = new ArrayList<>();
        boolean memory = false;
        String error = "";
        for (String record : new String(payload, StandardCharsets.UTF_8).split("\n")) {
            String[] f = record.split("\t", -1);
            if (f[0].equals("run") && f.length == 3) {
                memory = Boolean.parseBoolean(f[1]);
                error = unb64(f[2]);
            } else if (f[0].equals("test") && f.length == 5) {
                tests.add(new Test(unb64(f[1]), Outcome.valueOf(f[2]), unb64(f[3]), unb64(f[4])));
            }
        }
        return Optional.of(new Report(tests, memory, error));
    }

    /** An HMAC-SHA256 initialised with {@code key}: its provider is chosen now, once. */
    static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
