package org.depthlab.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The grading queue: bounded, fair across owners (at most a few jobs in flight each, the next
 * job from the owner with the fewest running), ids to poll, every job reported started and
 * finished once to the listener.
 */
class GradingQueueTest {

    private final Catalog catalog = Catalog.load(Path.of("exercises"));
    private final Exercise numeric = catalog.get("hrm-segment-depth");

    /** A listener that records the order in which jobs start, and counts finished ones. */
    private static final class Recording implements GradingQueue.Listener {
        final List<String> started = new CopyOnWriteArrayList<>();
        final List<GradingQueue.Job> finished = new CopyOnWriteArrayList<>();
        final Semaphore done = new Semaphore(0);

        @Override
        public void started(GradingQueue.Job job) {
            started.add(job.id());
        }

        @Override
        public void finished(GradingQueue.Job job) {
            finished.add(job);
            done.release();
        }

        void await(int jobs) throws InterruptedException {
            assertTrue(done.tryAcquire(jobs, 30, TimeUnit.SECONDS), "jobs did not finish");
        }
    }

    /** Grading that waits for {@link #release} per job, and tells when each job starts. */
    private static final class Gate implements BiFunction<Exercise, Submission, Verdict> {
        final Semaphore release = new Semaphore(0);
        final Semaphore running = new Semaphore(0);

        @Override
        public Verdict apply(Exercise e, Submission s) {
            running.release();
            try {
                release.acquire();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return Verdict.of(Verdict.Status.PASSED, "fine", "");
        }

        void awaitRunning(int jobs) throws InterruptedException {
            assertTrue(running.tryAcquire(jobs, 10, TimeUnit.SECONDS), "jobs did not start");
        }
    }

    private static GradingQueue queue(BiFunction<Exercise, Submission, Verdict> grading, int workers, int capacity,
                                      int perOwner, GradingQueue.Listener listener) {
        return new GradingQueue(grading, Optional::empty, new GradingQueue.Config(workers, capacity, perOwner), listener);
    }

    @Test
    void aSubmissionIsGradedAndReportedToTheListener() throws Exception {
        Recording listener = new Recording();
        try (Grader grader = Grader.create();
             GradingQueue queue = new GradingQueue(grader, new GradingQueue.Config(2, 4, 2), listener)) {
            String right = queue.submit("a", numeric, Submission.answer("33"));
            String wrong = queue.submit("a", numeric, Submission.answer("32"));
            assertNotEquals(right, wrong);
            listener.await(2);
            assertEquals(GradingQueue.State.DONE, queue.status(right).orElseThrow().state());
            assertEquals(Verdict.Status.PASSED, queue.status(right).orElseThrow().verdict().status());
            assertEquals(Verdict.Status.FAILED, queue.status(wrong).orElseThrow().verdict().status());
            assertEquals(2, listener.finished.size());
            assertEquals(2, listener.started.size());
            assertTrue(listener.finished.stream().allMatch(j -> j.finished() != null && j.exerciseId().equals(numeric.id())
                    && j.owner().equals("a")));
            assertTrue(queue.status("no-such-id").isEmpty());
        }
    }

    @Test
    void aFullQueueTurnsSubmissionsAway() throws Exception {
        Gate gate = new Gate();
        Recording listener = new Recording();
        try (GradingQueue queue = queue(gate, 1, 1, 2, listener)) {
            String running = queue.submit("a", numeric, Submission.answer("1"));
            gate.awaitRunning(1);
            assertEquals(GradingQueue.State.RUNNING, queue.status(running).orElseThrow().state());
            String waiting = queue.submit("b", numeric, Submission.answer("2"));
            assertEquals(GradingQueue.State.PENDING, queue.status(waiting).orElseThrow().state());
            assertNull(queue.status(waiting).orElseThrow().verdict());
            GradingQueue.Full full = assertThrows(GradingQueue.Full.class, () -> queue.submit("c", numeric, Submission.answer("3")));
            assertTrue(full.getMessage().contains("try again"), full.getMessage());
            gate.release.release(2);
            listener.await(2);
            assertEquals(GradingQueue.State.DONE, queue.status(waiting).orElseThrow().state());
            queue.submit("c", numeric, Submission.answer("4")); // room again
            gate.release.release();
            listener.await(1);
        }
    }

    @Test
    void anOwnerHasAtMostItsShareOfJobsInFlight() throws Exception {
        Gate gate = new Gate();
        Recording listener = new Recording();
        try (GradingQueue queue = queue(gate, 1, 10, 2, listener)) {
            queue.submit("flood", numeric, Submission.answer("1"));
            queue.submit("flood", numeric, Submission.answer("2"));
            GradingQueue.TooMany tooMany = assertThrows(GradingQueue.TooMany.class,
                    () -> queue.submit("flood", numeric, Submission.answer("3")));
            assertTrue(tooMany.getMessage().contains("2 submissions being graded"), tooMany.getMessage());
            queue.submit("other", numeric, Submission.answer("4")); // another owner is not held back
            gate.release.release(3);
            listener.await(3);
            queue.submit("flood", numeric, Submission.answer("5")); // its verdicts are in: room again
            gate.release.release();
            listener.await(1);
        }
    }

    /**
     * Fairness: while one owner's jobs occupy every worker and more of its jobs wait, another
     * owner's first job is the next to start — after at most the job a worker is finishing.
     */
    @Test
    void oneOwnersBacklogDoesNotDelayAnothersFirstJob() throws Exception {
        for (int workers = 1; workers <= 2; workers++) {
            Gate gate = new Gate();
            Recording listener = new Recording();
            try (GradingQueue queue = queue(gate, workers, 32, 5, listener)) {
                Map<String, String> owners = new ConcurrentHashMap<>();
                for (int i = 0; i < 5; i++) {
                    owners.put(queue.submit("flood", numeric, Submission.answer("" + i)), "flood");
                }
                gate.awaitRunning(workers);
                String first = queue.submit("newcomer", numeric, Submission.answer("9"));
                String second = queue.submit("newcomer", numeric, Submission.answer("8"));
                gate.release.release(); // one of the flood's running jobs finishes
                gate.awaitRunning(1);
                assertEquals(first, listener.started.get(workers), workers + " workers: the newcomer's first job starts next");
                gate.release.release(10);
                listener.await(7);
                // With one of its jobs running, the newcomer's second waits its turn behind the flood's.
                assertTrue(listener.started.indexOf(second) > listener.started.indexOf(first));
            }
        }
    }

    @Test
    void aGraderFailureIsAnErrorNotAVerdict() throws Exception {
        BiFunction<Exercise, Submission, Verdict> broken = (e, s) -> {
            throw new IllegalStateException("disk full");
        };
        Recording listener = new Recording();
        try (GradingQueue queue = queue(broken, 1, 1, 1, listener)) {
            String id = queue.submit("a", numeric, Submission.answer("1"));
            listener.await(1);
            GradingQueue.Job job = queue.status(id).orElseThrow();
            assertEquals(GradingQueue.State.ERROR, job.state());
            assertTrue(job.error().contains("disk full"), job.error());
            assertNull(job.verdict());
            queue.submit("a", numeric, Submission.answer("2")); // the worker is still there
            listener.await(1);
        }
    }

    @Test
    void aQueueHasOneOrTwoWorkersAndRoomForAJobOfEachOwner() {
        assertThrows(IllegalArgumentException.class, () -> new GradingQueue.Config(3, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new GradingQueue.Config(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new GradingQueue.Config(1, 1, 0));
    }
}
