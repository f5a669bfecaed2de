package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.depthlab.exercises.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store records survives a kill of the process that recorded it. */
class StoreTest {

    /**
     * A second JVM records one graded and one queued submission, says so, and is killed
     * (SIGKILL, no shutdown hooks, no close). Reopening the database finds the verdict, and
     * the queued submission marked lost rather than waiting for ever.
     */
    @Test
    void aKillLosesNoRecordedVerdict(@TempDir Path data) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Recorder.class.getName(),
                data.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("recorded"));
            assertEquals("recorded", line, "the recorder must report before it is killed");
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        try (Store store = Store.open(data)) {
            List<Store.Submission> all = store.ofSession("s");
            assertEquals(2, all.size());
            Store.Submission graded = store.find("graded").orElseThrow();
            assertEquals(Store.State.DONE, graded.state());
            assertEquals(Verdict.Status.PASSED, graded.verdict().status());
            assertEquals("6", graded.answer().answer());
            assertEquals(Store.State.LOST, store.find("queued").orElseThrow().state());
            assertEquals(true, store.progress("s").get("hrm-depth"));
        }
    }

    /** The recording process: records, reports, then waits to be killed. */
    public static final class Recorder {
        public static void main(String[] args) throws InterruptedException {
            Store store = Store.open(Path.of(args[0]));
            store.insert(new Store.Submission("graded", "s", "hrm-depth", Answer.of("6"), 1, Store.State.QUEUED, null));
            store.insert(new Store.Submission("queued", "s", "hrm-depth", Answer.of("5"), 2, Store.State.QUEUED, null));
            store.running("graded");
            store.finish("graded", Verdict.of(Verdict.Status.PASSED, "Correct.", ""));
            System.out.println("recorded");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
