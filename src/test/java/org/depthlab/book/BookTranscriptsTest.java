package org.depthlab.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.depthlab.cli.Main;
import org.junit.jupiter.api.Test;

/**
 * Every output the book quotes is what its command prints today. A chapter quotes output in a
 * {@code console} block whose first line is {@code $ ./depthlab ARGS}; this test runs ARGS
 * through the command line in this JVM and compares what it printed — standard output, then
 * standard error — with the rest of the block, line by line. In an expected line, {@code …}
 * stands for any text (a time), and a line {@code ...} for any number of lines.
 *
 * <p>A command may exit with 1, which the command line keeps for a negative answer that is
 * still an answer (solve: a puzzle left unsolved, as chapter 9 shows greedy commitment doing);
 * exit 2, bad input, always fails the test.
 *
 * <p>Only deterministic, fast commands are quoted (claims with their fixed seed, measured
 * figures, the solver on one puzzle); a run that trains would go in a block marked
 * {@code console slow}, which this test leaves to the slow profile.
 */
class BookTranscriptsTest {

    static final Path BOOK = Path.of("book");
    private static final Pattern BLOCK = Pattern.compile("(?m)^```console\\n(\\$ \\./depthlab [^\\n]*)\\n(.*?)^```$",
            Pattern.DOTALL);

    /** One quoted run: the chapter, the command and the output as printed in the book. */
    record Transcript(String chapter, String command, List<String> expected) {
    }

    static List<Transcript> transcripts() throws IOException {
        List<Transcript> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(BOOK)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.md")).sorted().toList()) {
                Matcher m = BLOCK.matcher(Files.readString(f));
                while (m.find()) {
                    all.add(new Transcript(f.getFileName().toString(), m.group(1).substring(2),
                            m.group(2).lines().toList()));
                }
            }
        }
        return all;
    }

    @Test
    void everyQuotedOutputIsWhatTheCommandPrintsToday() throws IOException {
        List<Transcript> all = transcripts();
        assertTrue(all.size() >= 12, "the book quotes " + all.size() + " command outputs; expected at least 12");
        List<String> failures = new ArrayList<>();
        for (Transcript t : all) {
            String[] args = Arrays.copyOfRange(t.command().split("\\s+"), 1, t.command().split("\\s+").length);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
            List<String> actual = new ArrayList<>(out.toString().lines().toList());
            actual.addAll(err.toString().lines().toList());
            if (code != 0 && code != 1) {
                failures.add(t.chapter() + ": '" + t.command() + "' exited with " + code + ":\n" + String.join("\n", actual));
            } else if (!matches(t.expected(), actual)) {
                failures.add(t.chapter() + ": '" + t.command() + "' now prints:\n" + String.join("\n", actual)
                        + "\nbut the book quotes:\n" + String.join("\n", t.expected()));
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " quoted output(s) differ from what the commands print:\n\n" + String.join("\n\n", failures));
        }
    }

    @Test
    void theMatchingRuleAcceptsOnlyWhatItShould() {
        assertTrue(matches(List.of("a 1", "b … s"), List.of("a 1", "b 0.25 s")));
        assertTrue(matches(List.of("a", "...", "z"), List.of("a", "b", "c", "z")));
        assertTrue(!matches(List.of("a 1"), List.of("a 2")));
        assertTrue(!matches(List.of("a"), List.of("a", "extra")));
        assertEquals(false, matches(List.of("x … s"), List.of("x 1 s", "more")));
    }

    /** Whether {@code actual} matches {@code expected}, with its wildcards. */
    static boolean matches(List<String> expected, List<String> actual) {
        return matches(expected, 0, actual, 0);
    }

    private static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        if (expected.get(e).equals("...")) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matches(expected, e + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && line(expected.get(e), actual.get(a)) && matches(expected, e + 1, actual, a + 1);
    }

    /** One line: equal after trailing spaces, where each … may stand for any text. */
    private static boolean line(String expected, String actual) {
        String[] parts = expected.stripTrailing().split("…", -1);
        StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            regex.append(".*").append(Pattern.quote(parts[i]));
        }
        return actual.stripTrailing().matches(regex.toString());
    }
}
