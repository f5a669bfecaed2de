package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** depthlab serve refuses what a user can get wrong with one line and exit code 2. */
class ServeCommandTest {

    @Test
    void badOptionsAreOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        CliRun port = CliRun.of("serve", "--port", "70000", "--data", dir.toString());
        assertEquals(2, port.code());
        assertTrue(port.err().contains("--port must be between 0 and 65535"), port.err());

        CliRun checkpoints = CliRun.of("serve", "--port", "0", "--data", dir.toString(), "--checkpoints",
                dir.resolve("missing").toString());
        assertEquals(2, checkpoints.code());
        assertTrue(checkpoints.err().contains("no such file or directory"), checkpoints.err());

        Path file = Files.writeString(dir.resolve("a-file"), "");
        CliRun notAFolder = CliRun.of("serve", "--port", "0", "--data", dir.toString(), "--checkpoints", file.toString());
        assertEquals(2, notAFolder.code());
        assertTrue(notAFolder.err().contains("is not a folder"), notAFolder.err());

        Path broken = dir.resolve("exercises").resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("meta.json"), "{not json");
        CliRun exercises = CliRun.of("serve", "--port", "0", "--data", dir.resolve("data").toString(), "--exercises",
                dir.resolve("exercises").toString());
        assertEquals(2, exercises.code());
        assertTrue(exercises.err().contains("meta.json is not valid JSON"), exercises.err());
        assertEquals(1, exercises.err().strip().lines().count(), exercises.err());

        CliRun everywhere = CliRun.of("serve", "--host", "0.0.0.0", "--port", "0", "--data", dir.toString());
        assertEquals(2, everywhere.code());
        assertTrue(everywhere.err().contains("--allowed-host"), "every address needs the names visitors use: " + everywhere.err());

        CliRun jobs = CliRun.of("serve", "--port", "0", "--data", dir.toString(), "--jobs-per-session", "0");
        assertEquals(2, jobs.code());
        assertTrue(jobs.err().contains("--jobs-per-session must be at least 1"), jobs.err());
    }

    @Test
    void serveIsListedInTheHelp() {
        CliRun help = CliRun.of("serve", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--port") && help.out().contains("--data") && help.out().contains("--checkpoints")
                && help.out().contains("--allowed-host") && help.out().contains("--jobs-per-session"));
    }
}
