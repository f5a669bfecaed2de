package org.depthlab.testing;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reruns {@link Transcript}s and compares: the commands run in order, in one child JVM started
 * in a given folder ({@link TranscriptChild}) — a JVM cannot change its working directory, and
 * the transcripts' paths are relative — and each command's output is compared with the lines
 * under it. On a mismatch the failure shows what the command printed, marked as a transcript
 * marks it, ready to paste.
 */
public final class TranscriptSession {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TranscriptSession() {
    }

    /** What one command printed, in the terminal's order, and its exit code. */
    public record Ran(List<Transcript.Printed> printed, int exitCode) {
    }

    /**
     * Runs every command of {@code transcripts} in {@code folder} and fails, naming each command
     * whose output is not what its transcript says or whose exit code is 2 or more.
     */
    public static void check(List<Transcript> transcripts, Path folder, Duration limit)
            throws IOException, InterruptedException {
        List<Transcript.Command> commands = new ArrayList<>();
        List<Transcript> of = new ArrayList<>();
        for (Transcript t : transcripts) {
            commands.addAll(t.commands());
            t.commands().forEach(c -> of.add(t));
        }
        assertFalse(commands.isEmpty(), "no transcripts to check");
        List<Ran> ran = run(commands, folder, limit);
        StringBuilder failures = new StringBuilder();
        int failed = 0;
        for (int i = 0; i < commands.size(); i++) {
            Transcript.Command c = commands.get(i);
            Ran r = ran.get(i);
            boolean answered = r.exitCode() == 0 || r.exitCode() == 1;
            if (!answered || !Transcript.matches(c.expected(), r.printed())) {
                failed++;
                failures.append("\n\n$ ").append(c.text()).append("\n--- ").append(of.get(i).source()).append(" line ")
                        .append(of.get(i).line()).append(" says:\n").append(String.join("\n", c.expected()))
                        .append("\n--- it printed (exit code ").append(r.exitCode())
                        .append(answered ? "" : ", which is not an answer").append("):\n");
                r.printed().forEach(p -> failures.append(p.text()).append(p.stderr() ? "    (stderr)" : "")
                        .append('\n'));
            }
        }
        assertTrue(failed == 0, failed + " transcript command(s) no longer print what the text says:" + failures);
    }

    /**
     * Runs {@code commands} in order in one JVM started in {@code folder}, with DEPTHLAB_HOME
     * set to this project (where the launcher would say it is), and returns what each printed.
     */
    public static List<Ran> run(List<Transcript.Command> commands, Path folder, Duration limit)
            throws IOException, InterruptedException {
        ArrayNode list = JSON.createArrayNode();
        for (Transcript.Command c : commands) {
            ObjectNode o = list.addObject();
            c.args().forEach(o.putArray("args")::add);
            o.put("redirect", c.redirect());
        }
        Path file = Files.createTempFile("transcript", ".json");
        Path log = Files.createTempFile("transcript", ".log");
        try {
            Files.writeString(file, JSON.writeValueAsString(list));
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TranscriptChild.class.getName(), file.toString())
                    .directory(folder.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("DEPTHLAB_HOME", Path.of("").toAbsolutePath().toString());
            Process child = pb.start();
            try {
                assertTrue(child.waitFor(limit.toSeconds(), TimeUnit.SECONDS),
                        "the transcripts' commands took over " + limit.toMinutes() + " min");
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
                    printed.get(printed.size() - 1).add(new Transcript.Printed(line.substring(2),
                            line.startsWith("E ")));
                }
            }
            assertEquals(commands.size(), codes.size(), "every command ran to its end:\n" + Files.readString(log));
            List<Ran> out = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                out.add(new Ran(List.copyOf(printed.get(i)), codes.get(i)));
            }
            return out;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(log);
        }
    }
}
