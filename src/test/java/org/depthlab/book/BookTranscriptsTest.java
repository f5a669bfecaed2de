package org.depthlab.book;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.depthlab.testing.Transcript;
import org.depthlab.testing.TranscriptSession;
import org.junit.jupiter.api.Test;

/**
 * Every output the book quotes is what its command prints today. A chapter quotes output in a
 * {@code console} block, read as {@link Transcript} says (the README's syntax: {@code …} for
 * any text such as a time, a line {@code ...} for any number of lines); this test runs the
 * commands from the project folder, where the chapters' paths point, and compares.
 *
 * <p>Only deterministic, fast commands are quoted (claims with their fixed seed, measured
 * figures, the solver on one puzzle); a run that trains would go in a block marked
 * {@code console slow}, which this test leaves to the slow profile.
 */
class BookTranscriptsTest {

    private static final Path BOOK = Path.of("book");

    /** Every transcript of the chapters, in reading order. */
    private static List<Transcript> transcripts() throws IOException {
        List<Transcript> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(BOOK)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.md")).sorted().toList()) {
                all.addAll(Transcript.parse(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        return all;
    }

    @Test
    void everyQuotedOutputIsWhatTheCommandPrintsToday() throws Exception {
        List<Transcript> all = transcripts().stream().filter(t -> !t.slow()).toList();
        assertTrue(all.size() >= 12, "the book quotes " + all.size() + " command outputs; expected at least 12");
        TranscriptSession.check(all, Path.of("").toAbsolutePath(), Duration.ofMinutes(10));
    }
}
