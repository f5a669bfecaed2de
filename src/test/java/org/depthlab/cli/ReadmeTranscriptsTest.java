package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.depthlab.testing.Transcript;
import org.depthlab.testing.TranscriptSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's pasted outputs are what the commands print: every {@code console} block of the
 * README ({@link Transcript} says how one reads) is run again, command by command, in a fresh
 * folder, and each command's output is compared with the lines under it. The blocks marked
 * {@code console slow} (a training run of half an hour) run with {@code mvn -B verify -Pslow},
 * after the fast ones they depend on.
 */
class ReadmeTranscriptsTest {

    private static final Path README = Path.of("README.md");

    private static List<Transcript> readme() throws IOException {
        return Transcript.parse("README.md", Files.readString(README, StandardCharsets.UTF_8));
    }

    @Test
    void theReadmesFastTranscriptsPrintWhatTheReadmeSays(@TempDir Path dir) throws Exception {
        TranscriptSession.check(readme().stream().filter(t -> !t.slow()).toList(), dir, Duration.ofMinutes(10));
    }

    @Tag("slow")
    @Test
    void everyTranscriptOfTheReadmeIncludingTheSlowOnesPrintsWhatTheReadmeSays(@TempDir Path dir) throws Exception {
        TranscriptSession.check(readme(), dir, Duration.ofMinutes(240));
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
}
