package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's pasted outputs are what the commands print: every {@code console} block of the
 * README ({@link Transcript}) is run again, command by command, in a fresh folder, and each
 * command's output is compared with the lines under it — exactly, but for the times marked
 * {@code ~} and the lines elided with {@code ...}. The blocks marked {@code console slow} (a
 * training run of half an hour) run with {@code mvn -B verify -Pslow}, after the fast ones
 * they depend on. On a mismatch the test prints what the command printed, ready to paste.
 */
class ReadmeTranscriptsTest {

    private static final Path README = Path.of("README.md");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Transcript> readme() throws IOException {
        return Transcript.parse(Files.readString(README, StandardCharsets.UTF_8));
    }

    @Test
    void theReadmesFastTranscriptsPrintWhatTheReadmeSays(@TempDir Path dir) throws Exception {
        check(readme().stream().filter(t -> !t.slow()).toList(), dir, 10);
    }

    @Tag("slow")
    @Test
    void everyTranscriptOfTheReadmeIncludingTheSlowOnesPrintsWhatTheReadmeSays(@TempDir Path dir) throws Exception {
        check(readme(), dir, 240);
    }

    /** The README keeps its checked outputs checked: the solver's, the claims table, the decoder's. */
    @Test
    void theReadmesPastedOutputsAreTranscripts() throws IOException {
        List<String> checked = new ArrayList<>();
        readme().forEach(t -> t.commands().forEach(c -> checked.add((t.slow() ? "slow: " : "") + String.join(" ",
                c.args()))));
        for (String command : new String[] {"solve --file hard.txt", "solve --solver greedy --file hard.txt", "claims",
            "solve --solver greedy --order index --file data/s6-16/test.txt",
            "slow: eval --checkpoint runs/dec6 --test data/s6-16/test.txt --strategy"}) {
            assertTrue(checked.stream().anyMatch(c -> c.startsWith(command)), command + " in " + checked);
        }
    }

    /** The comparison can fail: a changed digit, a missing line, stdout for stderr; and it honours its marks. */
    @Test
    void theComparisonFailsOnAnyChangeButTimesAndElidedLines() {
        List<Transcript.Printed> printed = List.of(new Transcript.Printed("answer 1234", false),
                new Transcript.Printed("line 1: dead end", true), new Transcript.Printed("line 2: dead end", true),
                new Transcript.Printed("csp (mrv): solved 3 of 3 puzzles; 422 nodes; 0.022 s", true));
        assertTrue(Transcript.matches(List.of("answer 1234", "...",
                "csp (mrv): solved 3 of 3 puzzles; 422 nodes; ~0.5 s     (stderr)"), printed));
        assertFalse(Transcript.matches(List.of("answer 1234   ", "line 1: dead end", "...", "csp ... ~9 s"), printed),
                "'...' inside a line is literal");
        assertFalse(Transcript.matches(List.of("answer 1234", "...",
                "csp (mrv): solved 3 of 3 puzzles; 423 nodes; ~0.5 s"), printed), "a changed count");
        assertFalse(Transcript.matches(List.of("answer 1234", "line 1: dead end",
                "csp (mrv): solved 3 of 3 puzzles; 422 nodes; ~0.5 s"), printed), "a missing line");
        assertFalse(Transcript.matches(List.of("answer 1234", "...",
                "csp (mrv): solved 3 of 3 puzzles; 422 nodes; 0.5 s"), printed), "a time not marked as one");
        assertFalse(Transcript.matches(List.of("answer 1234      (stderr)", "..."), printed), "stdout is not stderr");
        assertTrue(Transcript.matches(List.of("...", "line 2: dead end", "..."), printed));

        List<Transcript> parsed = Transcript.parse("text\n```console\n$ ./depthlab solve --puzzle \"1.2 .\" \\\n"
                + "    --task sudoku4   # one puzzle\nout\n\n$ ./depthlab generate --task pointer > p.txt\n```\n"
                + "```sh\n./depthlab tour\n```\n```console slow\n$ ./depthlab claims\n...\n```\n");
        assertEquals(2, parsed.size());
        Transcript.Command first = parsed.get(0).commands().get(0);
        assertEquals(List.of("solve", "--puzzle", "1.2 .", "--task", "sudoku4"), first.args());
        assertEquals(List.of("out"), first.expected());
        assertEquals("p.txt", parsed.get(0).commands().get(1).redirect());
        assertTrue(parsed.get(1).slow() && !parsed.get(0).slow());
    }

    /**
     * Runs the transcripts' commands, in order, in one process started in {@code dir}, and
     * compares each command's output with the README's.
     */
    private static void check(List<Transcript> transcripts, Path dir, int minutes) throws Exception {
        List<Transcript.Command> commands = new ArrayList<>();
        transcripts.forEach(t -> commands.addAll(t.commands()));
        assertFalse(commands.isEmpty(), "no transcripts in the README");
        ArrayNode list = JSON.createArrayNode();
        for (Transcript.Command c : commands) {
            ObjectNode o = list.addObject();
            c.args().forEach(o.putArray("args")::add);
            o.put("redirect", c.redirect());
        }
        Path file = Files.createTempFile(dir.getParent(), "transcript", ".json");
        Files.writeString(file, JSON.writeValueAsString(list));
        Path log = Files.createTempFile(dir.getParent(), "transcript", ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TranscriptChild.class.getName(), file.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DEPTHLAB_HOME", Path.of("").toAbsolutePath().toString());
        Process child = pb.start();
        try {
            assertTrue(child.waitFor(minutes, TimeUnit.MINUTES), "the README's commands took over " + minutes + " min");
        } finally {
            child.destroyForcibly();
        }
        List<List<Transcript.Printed>> printed = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith(TranscriptChild.COMMAND)) {
                printed.add(new ArrayList<>());
            } else if (line.startsWith(TranscriptChild.EXIT)) {
                codes.add(Integer.parseInt(line.substring(TranscriptChild.EXIT.length())));
            } else if (!printed.isEmpty() && (line.startsWith("O ") || line.startsWith("E "))) {
                printed.get(printed.size() - 1).add(new Transcript.Printed(line.substring(2), line.startsWith("E ")));
            }
        }
        assertEquals(commands.size(), codes.size(), "every command ran to its end:\n" + Files.readString(log));
        StringBuilder failures = new StringBuilder();
        for (int i = 0; i < commands.size(); i++) {
            Transcript.Command c = commands.get(i);
            if (!Transcript.matches(c.expected(), printed.get(i))) {
                failures.append("\n$ ").append(c.text()).append("\n--- the README says:\n")
                        .append(String.join("\n", c.expected())).append("\n--- it printed (exit code ")
                        .append(codes.get(i)).append("):\n");
                printed.get(i).forEach(p -> failures.append(p.text()).append(p.stderr() ? "    (stderr)" : "")
                        .append('\n'));
            }
        }
        assertTrue(failures.length() == 0, "README outputs that the commands no longer print:" + failures);
    }
}
