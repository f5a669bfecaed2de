package org.depthlab.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.depthlab.exercises.runner.SignedReport;
import org.junit.jupiter.api.Test;

/** The runner's signed report line, and the capture that finds it in a flood of output. */
class SignedReportTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final SignedReport.Report REPORT = new SignedReport.Report(List.of(
            new SignedReport.Test("first", SignedReport.Outcome.PASSED, "", ""),
            new SignedReport.Test("second\ttab", SignedReport.Outcome.FAILED, "expected: <1> but was: <2>", "trace\n\tat X")),
            false, "");

    @Test
    void aReportSurvivesTheRoundTripWithItsKey() {
        assertEquals(REPORT, SignedReport.decode(SignedReport.encode(REPORT, KEY), KEY).orElseThrow());
    }

    @Test
    void aChangedLineOrAnotherKeyIsNotAReport() {
        String line = SignedReport.encode(REPORT, KEY);
        byte[] other = KEY.clone();
        other[0] ^= 1;
        assertTrue(SignedReport.decode(line, other).isEmpty(), "another key");
        int at = SignedReport.PREFIX.length() + 5;
        String changed = line.substring(0, at) + (line.charAt(at) == 'A' ? 'B' : 'A') + line.substring(at + 1);
        assertTrue(SignedReport.decode(changed, KEY).isEmpty(), "a changed payload");
        assertTrue(SignedReport.decode(SignedReport.PREFIX + "garbage", KEY).isEmpty(), "garbage");
        assertTrue(SignedReport.decode("no prefix", KEY).isEmpty());
    }

    @Test
    void theCaptureKeepsTheStartOfTheOutputAndFindsTheReportAfterAFlood() {
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        byte[] line = ("x".repeat(1023) + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 10 * 1024; i++) {
            flood.writeBytes(line);
        }
        flood.writeBytes(("\n" + SignedReport.encode(REPORT, KEY) + "\n").getBytes(StandardCharsets.US_ASCII));
        CapturedStream c = new CapturedStream(new ByteArrayInputStream(flood.toByteArray()), 64 * 1024, SignedReport.PREFIX);
        c.run();
        assertEquals(1, c.prefixedLines().size());
        assertEquals(REPORT, SignedReport.decode(c.prefixedLines().get(0), KEY).orElseThrow());
        assertTrue(c.text().length() < 64 * 1024 + 100, "kept " + c.text().length());
        assertTrue(c.text().endsWith("bytes of output dropped]"), c.text().substring(c.text().length() - 80));
    }
}
