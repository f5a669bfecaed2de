package org.depthlab.site;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.depthlab.exercises.Exercise;
import org.depthlab.exercises.Verdict;

/**
 * A test double for the grading queue of Java jobs: {@code workers} threads take jobs from a
 * queue of {@code capacity} in arrival order (no limit per session, no fairness: the real
 * queue, {@link QueueGrading}, has those) and grade each with {@code grade}, a function that
 * runs no student code. A full queue refuses the job; a grader that throws gives a "crashed"
 * verdict. It lets a test make grading slow or stall.
 */
final class LocalQueue implements Grading {

    private final ThreadPoolExecutor pool;
    private final BiFunction<Exercise, Answer, Verdict> grade;

    /** A queue of {@code capacity} jobs served by {@code workers} threads. */
    LocalQueue(int workers, int capacity, BiFunction<Exercise, Answer, Verdict> grade) {
        this.grade = grade;
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity),
                r -> {
                    Thread t = new Thread(r, "grading");
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public Admission submit(String session, Exercise exercise, Answer answer, Listener listener) {
        try {
            pool.execute(() -> {
                listener.started();
                Verdict v;
                try {
                    v = grade.apply(exercise, answer);
                } catch (RuntimeException e) {
                    v = Verdict.of(Verdict.Status.CRASHED, "The grader failed on this submission; please report it.",
                            e.toString());
                }
                listener.done(v);
            });
            return Admission.ACCEPTED;
        } catch (RejectedExecutionException e) {
            return Admission.FULL;
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
