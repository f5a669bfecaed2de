package org.depthlab.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The grading queue: bounded, ids to poll, every finished job reported once to the listener. */
class GradingQueueTest {

    private final Catalog catalog = Catalog.load(Path.of("exercises"));
    private final Exercise numeric = catalog.get("hrm-segment-depth");

    @Test
    void aSubmissionIsGradedAndReportedToTheListener() throws Exception {
        List<GradingQueue.Job> finished = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        try (Grader grader = Grader.create();
             GradingQueue queue = new GradingQueue(grader, 2, 4, j -> {
                 finished.add(j);
                 done.countDown();
             })) {
            String right = queue.submit(numeric, Submission.answer("33"));
            String wrong = queue.submit(numeric, Submission.answer("32"));
            assertNotEquals(right, wrong);
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(GradingQueue.State.DONE, queue.status(right).orElseThrow().state());
            assertEquals(Verdict.Status.PASSED, queue.status(right).orElseThrow().verdict().status());
            assertEquals(Verdict.Status.FAILED, queue.status(wrong).orElseThrow().verdict().status());
            assertEquals(2, finished.size());
            assertTrue(finished.stream().allMatch(j -> j.finished() != null && j.exerciseId().equals(numeric.id())));
            assertTrue(queue.status("no-such-id").isEmpty());
        }
    }

    @Test
    void aFullQueueTurnsSubmissionsAway() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(2);
        BiFunction<Exercise, Submission, Verdict> slow = (e, s) -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return Verdict.of(Verdict.Status.PASSED, "fine", "");
        };
        try (GradingQueue queue = new GradingQueue(null, slow, 1, 1, j -> done.countDown())) {
            String running = queue.submit(numeric, Submission.answer("1"));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertEquals(GradingQueue.State.RUNNING, queue.status(running).orElseThrow().state());
            String waiting = queue.submit(numeric, Submission.answer("2"));
            assertEquals(GradingQueue.State.PENDING, queue.status(waiting).orElseThrow().state());
            assertNull(queue.status(waiting).orElseThrow().verdict());
            GradingQueue.Full full = assertThrows(GradingQueue.Full.class, () -> queue.submit(numeric, Submission.answer("3")));
            assertTrue(full.getMessage().contains("try again"), full.getMessage());
            release.countDown();
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(GradingQueue.State.DONE, queue.status(waiting).orElseThrow().state());
            queue.submit(numeric, Submission.answer("4")); // room again
        }
    }

    @Test
    void aGraderFailureIsAnErrorNotAVerdict() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        BiFunction<Exercise, Submission, Verdict> broken = (e, s) -> {
            throw new IllegalStateException("disk full");
        };
        try (GradingQueue queue = new GradingQueue(null, broken, 1, 1, j -> done.countDown())) {
            String id = queue.submit(numeric, Submission.answer("1"));
            assertTrue(done.await(10, TimeUnit.SECONDS));
            GradingQueue.Job job = queue.status(id).orElseThrow();
            assertEquals(GradingQueue.State.ERROR, job.state());
            assertTrue(job.error().contains("disk full"), job.error());
            assertNull(job.verdict());
        }
    }

    @Test
    void aQueueHasOneOrTwoWorkers() {
        assertThrows(IllegalArgumentException.class, () -> new GradingQueue(null, (e, s) -> null, 3, 1, j -> { }));
        assertThrows(IllegalArgumentException.class, () -> new GradingQueue(null, (e, s) -> null, 1, 0, j -> { }));
    }
}
