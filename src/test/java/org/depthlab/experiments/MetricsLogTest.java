package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.depthlab.BadInputException;
import org.depthlab.train.Evaluator;
import org.depthlab.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.jsonl: what each field is, a running total of wall time, and a resume that repeats no epoch. */
class MetricsLogTest {

    private static Trainer.EpochMetrics epoch(long step, boolean evaluated) {
        Evaluator.Result test = evaluated ? new Evaluator.Result(10, 0.4, 0.9, 3, new double[] {0.1, 0.4}, 50) : null;
        return new Trainer.EpochMetrics(step / 10.0, step, 0.5, 0.8, 0.3, 2.5, 20, test, 2.0, Trainer.RAW_WEIGHTS);
    }

    @Test
    void everyLineSaysItsEpochsTimeTheRunsTimeAndItsFlops(@TempDir Path dir) throws IOException {
        MetricsLog log = MetricsLog.fresh(dir, 1000);
        log.write(epoch(10, true));
        log.write(epoch(20, false));
        String first = Files.readAllLines(dir.resolve(MetricsLog.FILE)).get(0);
        for (String field : List.of("\"epoch\":", "\"step\":10", "\"loss\":", "\"tokenAccuracy\":", "\"exact\":",
                "\"segments\":", "\"halted\":", "\"test\":{\"puzzles\":10", "\"exactBySegment\":[0.1,0.4]",
                "\"weights\":\"the trained weights\"", "\"epochSeconds\":2.0", "\"elapsedSeconds\":", "\"trainingFlops\":10000")) {
            assertTrue(first.contains(field), field + " in " + first);
        }
        assertFalse(first.contains("\"seconds\""), "the per-epoch time is named for what it is");
        List<MetricsLog.Line> lines = MetricsLog.read(dir.resolve(MetricsLog.FILE));
        assertEquals(0.4, lines.get(0).testExact());
        assertFalse(lines.get(1).evaluated());
        assertEquals(20_000, lines.get(1).trainingFlops());
    }

    @Test
    void aResumedLogDropsTheEpochsAfterTheCheckpointAndContinuesTheTotal(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(MetricsLog.FILE), """
                {"epoch":1,"step":10,"epochSeconds":3,"elapsedSeconds":3,"test":null}
                {"epoch":2,"step":20,"epochSeconds":4,"elapsedSeconds":7,"test":null}
                {"epoch":3,"step":30,"epochSeconds":5,"elapsedSeconds":12,"test":null}
                """);
        MetricsLog log = MetricsLog.resumed(dir, 20, 0);
        assertTrue(log.elapsedSeconds() >= 7 && log.elapsedSeconds() < 12, "continues from the checkpoint's line");
        log.write(epoch(30, false));
        List<MetricsLog.Line> lines = MetricsLog.read(dir.resolve(MetricsLog.FILE));
        assertEquals(List.of(10L, 20L, 30L), lines.stream().map(MetricsLog.Line::step).toList());
        assertTrue(lines.get(2).elapsedSeconds() >= 7 && lines.get(2).elapsedSeconds() < 12);
    }

    @Test
    void filesFromBeforeTheRenameAreReadWithARunningTotal(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(MetricsLog.FILE), """
                {"epoch":1,"step":10,"seconds":3.5,"test":{"exact":0.5,"tokenAccuracy":0.75}}
                {"epoch":2,"step":20,"seconds":4.0,"test":null}
                """);
        List<MetricsLog.Line> lines = MetricsLog.read(dir.resolve(MetricsLog.FILE));
        assertEquals(3.5, lines.get(0).epochSeconds());
        assertEquals(7.5, lines.get(1).elapsedSeconds());
        assertEquals(0.75, lines.get(0).testCells());
    }

    @Test
    void aLineThatIsNotMetricsIsReportedWithItsNumber(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(MetricsLog.FILE), "{\"epoch\":1,\"step\":1}\n{\"hello\":1}\n");
        BadInputException e = assertThrows(BadInputException.class, () -> MetricsLog.read(dir.resolve(MetricsLog.FILE)));
        assertTrue(e.getMessage().endsWith("line 2 is not a metrics line (no step or epoch)."), e.getMessage());
    }
}
