package org.depthlab.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** Claims about the helper threads the fast backends and the ops' loops share. */
class WorkersTest {

    /** Claim: every index of a loop runs exactly once, for any count, unit and thread count. */
    @Test
    void everyIndexRunsExactlyOnce() {
        Props.qt(40).forAll(integers().between(0, 500), integers().between(1, 9), integers().between(1, 4))
                .checkAssert((count, unit, threads) -> {
                    Workers workers = new Workers(threads, "test");
                    AtomicIntegerArray seen = new AtomicIntegerArray(count);
                    workers.forRanges(count, unit, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            seen.incrementAndGet(i);
                        }
                    });
                    int[] expected = new int[count];
                    java.util.Arrays.fill(expected, 1);
                    int[] actual = new int[count];
                    for (int i = 0; i < count; i++) {
                        actual[i] = seen.get(i);
                    }
                    assertArrayEquals(expected, actual, count + " items, unit " + unit + ", " + threads + " threads");
                });
    }

    /**
     * Claim: a range that throws is reported to the caller, and only after every other range
     * has finished (here the caller's own range fails at once while the helper's takes 100 ms).
     */
    @Test
    void aFailingRangeIsReportedAfterAllRangesFinish() {
        Workers workers = new Workers(2, "test");
        AtomicIntegerArray done = new AtomicIntegerArray(100);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
                workers.forRanges(100, 1, (from, to) -> {
                    if (from == 0) {
                        throw new IllegalStateException("range " + from + " failed");
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int i = from; i < to; i++) {
                        done.incrementAndGet(i);
                    }
                }));
        assertEquals("range 0 failed", thrown.getMessage());
        for (int i = 50; i < 100; i++) {
            assertEquals(1, done.get(i), "index " + i + " of the helper's range");
        }
    }

    /** Claim: a range that itself starts a loop on the same workers runs it, without deadlock. */
    @Test
    void aLoopInsideARangeRunsOnItsThread() {
        Workers workers = new Workers(2, "test");
        AtomicIntegerArray seen = new AtomicIntegerArray(40 * 30);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                workers.forRanges(40, 1, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        int row = i;
                        workers.forRanges(30, 1, (a, b) -> {
                            for (int j = a; j < b; j++) {
                                seen.incrementAndGet(row * 30 + j);
                            }
                        });
                    }
                }));
        for (int i = 0; i < 40 * 30; i++) {
            assertEquals(1, seen.get(i), "index " + i);
        }
    }

    /** Claim: two threads starting loops on the same workers at once both get every index done. */
    @Test
    void twoCallersAtOnceBothFinish() throws InterruptedException {
        Workers workers = new Workers(2, "test");
        AtomicIntegerArray first = new AtomicIntegerArray(1000);
        AtomicIntegerArray second = new AtomicIntegerArray(1000);
        Thread other = new Thread(() -> {
            for (int round = 0; round < 200; round++) {
                workers.forRanges(1000, 1, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        second.incrementAndGet(i);
                    }
                });
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            other.start();
            for (int round = 0; round < 200; round++) {
                workers.forRanges(1000, 1, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        first.incrementAndGet(i);
                    }
                });
            }
            other.join();
        });
        for (int i = 0; i < 1000; i++) {
            assertEquals(200, first.get(i), "first caller, index " + i);
            assertEquals(200, second.get(i), "second caller, index " + i);
        }
    }
}
